import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../app.ts";
import { __schema__Fixture, VALID_PASSWORD } from "../__context_kebab__/__context_kebab__-fixtures.ts";
import { SESSION_REISSUE_AGE_IN_DAYS, SESSION_VALIDITY_IN_DAYS } from "../__context_kebab__/__schema_kebab__-token.ts";
import { REMEMBER_ME_COOKIE } from "./remember-me-cookie.ts";
import { isLoggedIn, logInAs, openLiveSocket, startTestApp, type TestApp, type TestClient } from "./test-support.ts";

const HOUR_IN_MS = 60 * 60 * 1000;
const NEW_PASSWORD = "a new password, quite long";

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

async function loggedInClient(options: { rememberMe?: boolean } = {}) {
  const __schema__ = await __schema__Fixture(testApp.__context__);
  const client = testApp.client();
  await client.follow(await logInAs(client, __schema__.email, VALID_PASSWORD, options));
  return { __schema__, client };
}

/** Uses the site twice a day (the session's idle limit is one day) until `days` have passed since log-in. */
async function useDaily(client: TestClient, days: number) {
  for (let hours = 12; hours <= days * 24; hours += 12) {
    testApp.advanceClock(12 * HOUR_IN_MS);
    expect(await isLoggedIn(client), `still logged in after ${hours} hours of use`).toBe(true);
  }
}

describe(`a session token in use for ${SESSION_REISSUE_AGE_IN_DAYS} days`, () => {
  it("is replaced: a new remember-me cookie, the old one dead, the session id kept", async () => {
    const { client } = await loggedInClient({ rememberMe: true });
    const [firstCookie, sessionId] = [client.cookies.get(REMEMBER_ME_COOKIE), client.cookies.get(SESSION_COOKIE)];
    await useDaily(client, SESSION_REISSUE_AGE_IN_DAYS - 1);
    expect(client.cookies.get(REMEMBER_ME_COOKIE), "not replaced before it is due").toBe(firstCookie);
    await useDaily(client, 1);
    expect(client.cookies.get(REMEMBER_ME_COOKIE), "remember-me should carry the new token").not.toBe(firstCookie);
    expect(client.cookies.get(SESSION_COOKIE), "the session id stays: other tabs and sockets keep working").toBe(sessionId);
    const thief = testApp.client();
    thief.cookies.set(REMEMBER_ME_COOKIE, firstCookie!);
    expect(await isLoggedIn(thief), "a copy of the old cookie must log nobody in").toBe(false);
  });

  it("is replaced in the session too: the new remember-me cookie alone logs in", async () => {
    const { client } = await loggedInClient({ rememberMe: true });
    await useDaily(client, SESSION_REISSUE_AGE_IN_DAYS);
    const newBrowser = testApp.client();
    newBrowser.cookies.set(REMEMBER_ME_COOKIE, client.cookies.get(REMEMBER_ME_COOKIE)!);
    expect(await isLoggedIn(newBrowser)).toBe(true);
    expect(await isLoggedIn(client), "the browser that used it is still logged in").toBe(true);
  });

  it("writes no remember-me cookie for a log-in that did not ask for one", async () => {
    const { client } = await loggedInClient();
    await useDaily(client, SESSION_REISSUE_AGE_IN_DAYS + 1);
    expect(client.cookies.has(REMEMBER_ME_COOKIE)).toBe(false);
  });

  it(`still ends ${SESSION_VALIDITY_IN_DAYS} days after the log-in`, async () => {
    const { client } = await loggedInClient({ rememberMe: true });
    await useDaily(client, SESSION_VALIDITY_IN_DAYS - 0.5);
    testApp.advanceClock(12 * HOUR_IN_MS);
    expect(await isLoggedIn(client), `logged out ${SESSION_VALIDITY_IN_DAYS} days after log-in`).toBe(false);
  });

  it("keeps the log-in's sockets, before and after, where a password change elsewhere closes them", async () => {
    const { __schema__, client } = await loggedInClient();
    const before = await openLiveSocket(client);
    await useDaily(client, SESSION_REISSUE_AGE_IN_DAYS + 1);
    const after = await openLiveSocket(client);
    const elsewhere = testApp.client();
    await logInAs(elsewhere, __schema__.email, VALID_PASSWORD);
    await elsewhere.get("/__table_kebab__/settings");
    const change = { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD, current_password: VALID_PASSWORD };
    expect((await elsewhere.post("/__table_kebab__/settings/password", change)).status).toBe(302);
    expect(await before.closed(), "the socket opened before the reissue must close").toBe(4401);
    expect(await after.closed(), "the socket opened after the reissue must close").toBe(4401);
    expect(await isLoggedIn(client)).toBe(false);
  });
});
