import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { __schema__Fixture, VALID_PASSWORD } from "../__context_kebab__/__context_kebab__-fixtures.ts";
import { SUDO_MODE_VALIDITY_IN_MINUTES } from "../__context_kebab__/__schema_kebab__-token.ts";
import { REMEMBER_ME_COOKIE } from "./remember-me-cookie.ts";
import { isLoggedIn, logInAs, startTestApp, type TestApp } from "./test-support.ts";

const MINUTE_IN_MS = 60 * 1000;
const SETTINGS = "/__table_kebab__/settings";
const REAUTHENTICATE = "You need to reauthenticate to perform sensitive actions";

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

async function loggedInClient() {
  const __schema__ = await __schema__Fixture(testApp.__context__);
  const client = testApp.client();
  await client.follow(await logInAs(client, __schema__.email, VALID_PASSWORD));
  return { __schema__, client };
}

describe("the settings page, in sudo mode", () => {
  it(`opens for a log-in less than ${SUDO_MODE_VALIDITY_IN_MINUTES} minutes old`, async () => {
    const { client } = await loggedInClient();
    testApp.advanceClock(SUDO_MODE_VALIDITY_IN_MINUTES * MINUTE_IN_MS - 1);
    expect((await client.get(SETTINGS)).status).toBe(200);
  });

  it(`sends an older log-in to the log-in page, which asks to log in again`, async () => {
    const { __schema__, client } = await loggedInClient();
    testApp.advanceClock(SUDO_MODE_VALIDITY_IN_MINUTES * MINUTE_IN_MS);
    const reply = await client.get(SETTINGS);
    expect([reply.status, reply.location]).toEqual([302, "/__table_kebab__/log-in"]);
    const page = await client.follow(reply);
    expect(page.status, "a logged-in __schema_human__ may open the log-in page").toBe(200);
    expect(page.body).toContain(REAUTHENTICATE);
    expect(page.body, "the email is filled in").toContain(`value="${__schema__.email}"`);
    expect(await isLoggedIn(client), "still logged in, just not for sensitive pages").toBe(true);
  });

  it("counts from the log-in, not from the last use", async () => {
    const { client } = await loggedInClient();
    for (let minutes = 5; minutes < SUDO_MODE_VALIDITY_IN_MINUTES; minutes += 5) {
      testApp.advanceClock(5 * MINUTE_IN_MS);
      expect((await client.get(SETTINGS)).status, `settings open at ${minutes} minutes`).toBe(200);
    }
    testApp.advanceClock(5 * MINUTE_IN_MS);
    expect((await client.get(SETTINGS)).status).toBe(302);
  });

  it("refuses the email and password changes too", async () => {
    const { __schema__, client } = await loggedInClient();
    await client.get(SETTINGS);
    testApp.advanceClock(SUDO_MODE_VALIDITY_IN_MINUTES * MINUTE_IN_MS);
    const change = { password: "a new password, quite long", password_confirmation: "a new password, quite long", current_password: VALID_PASSWORD };
    expect((await client.post(`${SETTINGS}/password`, change)).location).toBe("/__table_kebab__/log-in");
    expect((await client.post(`${SETTINGS}/email`, { email: "new@example.com", current_password: VALID_PASSWORD })).location).toBe("/__table_kebab__/log-in");
    expect(await testApp.__context__.get__Schema__ByEmailAndPassword(__schema__.email, VALID_PASSWORD), "the password is unchanged").not.toBeNull();
    expect(testApp.emails, "no email-change link was sent").toEqual([]);
  });

  it("returns to the settings after logging in again, then forgets the return path", async () => {
    const { __schema__, client } = await loggedInClient();
    testApp.advanceClock(SUDO_MODE_VALIDITY_IN_MINUTES * MINUTE_IN_MS);
    await client.follow(await client.get(SETTINGS));
    const again = await client.post("/__table_kebab__/log-in", { email: __schema__.email, password: VALID_PASSWORD });
    expect(again.location, "back to the page that asked").toBe(SETTINGS);
    expect((await client.get(SETTINGS)).status).toBe(200);
    const later = await logInAs(client, __schema__.email, VALID_PASSWORD);
    expect(later.location, "return_to was used once and cleared").toBe("/");
  });

  it("keeps remember-me for the same __schema_human__ logging in again, and not for someone else", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const client = testApp.client();
    await logInAs(client, __schema__.email, VALID_PASSWORD, { rememberMe: true });
    await logInAs(client, __schema__.email, VALID_PASSWORD); // the box left unticked, as on a quick re-authentication
    expect(client.cookies.has(REMEMBER_ME_COOKIE), "still remembered").toBe(true);
    const someoneElse = await __schema__Fixture(testApp.__context__);
    await logInAs(client, someoneElse.email, VALID_PASSWORD);
    expect(client.cookies.has(REMEMBER_ME_COOKIE), "the first __schema_human__'s choice does not carry over").toBe(false);
  });

  it("replaces the whole log-in when someone else logs in on this browser", async () => {
    const { __schema__, client } = await loggedInClient();
    const someoneElse = await __schema__Fixture(testApp.__context__);
    await logInAs(client, someoneElse.email, VALID_PASSWORD);
    expect((await client.get("/")).body).toContain(someoneElse.email);
    const sessionsOf = (id: number) =>
      testApp.app.db.prepare("SELECT count(*) FROM __table___tokens WHERE context = 'session' AND __schema_snake___id = ?").pluck().get(id);
    expect(sessionsOf(__schema__.id), "the first log-in is over").toBe(0);
  });

  it("ends the previous log-in when logging in again", async () => {
    const { __schema__, client } = await loggedInClient();
    const before = testApp.app.db.prepare("SELECT count(*) FROM __table___tokens WHERE context = 'session'").pluck().get();
    await logInAs(client, __schema__.email, VALID_PASSWORD);
    const after = testApp.app.db.prepare("SELECT count(*) FROM __table___tokens WHERE context = 'session'").pluck().get();
    expect([before, after], "one session token before and after: the old one is deleted").toEqual([1, 1]);
  });
});
