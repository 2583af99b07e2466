import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../app.ts";
import { userFixture, VALID_PASSWORD } from "../accounts/accounts-fixtures.ts";
import { getRawTarget, isLoggedIn, logInAs, openLiveSocket, startTestApp, type TestApp } from "./test-support.ts";

const HOUR_IN_MS = 60 * 60 * 1000;

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

async function loggedInClient(options: { rememberMe?: boolean } = {}) {
  const user = await userFixture(testApp.accounts);
  const client = testApp.client();
  const reply = await logInAs(client, user.email, VALID_PASSWORD, options);
  expect(reply.status, `log-in should redirect, got ${reply.status}`).toBe(302);
  await client.follow(reply); // as a browser would: the next form carries the new CSRF token
  return { user, client };
}

describe("logInUser", () => {
  it("gives the session a new id: the cookie from before log-in stays logged out", async () => {
    const user = await userFixture(testApp.accounts);
    const client = testApp.client();
    await client.get("/users/log-in");
    const before = client.cookies.get(SESSION_COOKIE);
    expect(before, "the log-in page starts a session for its CSRF token").toBeDefined();
    await client.post("/users/log-in", { email: user.email, password: VALID_PASSWORD });
    expect(client.cookies.get(SESSION_COOKIE), "log-in must renew the session id (fixation)").not.toBe(before);
    const planted = testApp.client();
    planted.cookies.set(SESSION_COOKIE, before!);
    expect(await isLoggedIn(planted), "a planted pre-log-in cookie must not become logged in").toBe(false);
  });

  it("redirects to the page that asked for a log-in", async () => {
    const user = await userFixture(testApp.accounts);
    const client = testApp.client();
    await client.get("/users/settings");
    const reply = await logInAs(client, user.email, VALID_PASSWORD);
    expect(reply.location).toBe("/users/settings");
  });
});

describe("fetchCurrentUser", () => {
  it("puts the current user in res.locals, which the layout shows", async () => {
    const { user, client } = await loggedInClient();
    const page = await client.get("/");
    expect(page.body).toContain(user.email);
    expect(page.body).toContain('action="/users/log-out"');
  });

  it("ends a session left idle for more than a day", async () => {
    const { client } = await loggedInClient();
    testApp.advanceClock(25 * HOUR_IN_MS);
    expect(await isLoggedIn(client)).toBe(false);
  });

  it("ends even an active session after 14 days", async () => {
    const { client } = await loggedInClient();
    for (let hours = 12; hours < 14 * 24; hours += 12) {
      testApp.advanceClock(12 * HOUR_IN_MS);
      expect(await isLoggedIn(client), `still logged in after ${hours} hours of use`).toBe(true);
    }
    testApp.advanceClock(12 * HOUR_IN_MS);
    expect(await isLoggedIn(client), "logged out at 14 days").toBe(false);
  });

  it("refuses a session cookie whose signature was tampered with", async () => {
    const { client } = await loggedInClient();
    const value = decodeURIComponent(client.cookies.get(SESSION_COOKIE)!); // "s:<id>.<signature>"
    const forged = testApp.client();
    forged.cookies.set(SESSION_COOKIE, encodeURIComponent(value.replace(/\.[^.]+$/, ".forged-signature")));
    expect(await isLoggedIn(forged)).toBe(false);
    const unsigned = testApp.client();
    unsigned.cookies.set(SESSION_COOKIE, value.slice(2, value.lastIndexOf(".")));
    expect(await isLoggedIn(unsigned), "a bare session id is not a cookie the app issued").toBe(false);
  });
});

describe("requireAuthenticatedUser", () => {
  it("sends a logged-out visitor to log in, with a flash", async () => {
    const client = testApp.client();
    const reply = await client.get("/users/settings");
    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/users/log-in");
    expect((await client.follow(reply)).body).toContain("You must log in to access this page.");
  });

  it("remembers only GET requests as the page to return to", async () => {
    const user = await userFixture(testApp.accounts);
    const client = testApp.client();
    await client.get("/");
    await client.post("/users/settings/password", {});
    const reply = await logInAs(client, user.email, VALID_PASSWORD);
    expect(reply.location).toBe("/");
  });
});

describe("requireAuthenticatedUser's return-to path", () => {
  const SETTINGS = "/users/settings";
  // Request targets a crafted link can send; what the app answers; where the log-in that follows goes.
  // Only a target that reaches a protected page (the 302s) is a candidate to return to.
  const TARGETS: [target: string, status: number, returnsTo: string][] = [
    ["//evil.example/", 404, "/"], // another host to a browser
    ["/\\evil.example", 404, "/"], // so is this: browsers read a backslash as a slash
    ["/\t/evil.example", 400, "/"], // browsers drop tabs, leaving "//"
    ["/\r\n/evil.example", 400, "/"], // a raw CR LF would end the header line
    [`http://evil.example${SETTINGS}`, 302, "/"], // the absolute form reaches the settings route, but is no path
    [`${SETTINGS}?next=//evil.example`, 302, `${SETTINGS}?next=//evil.example`],
    [`${SETTINGS}?next=%0d%0aLocation:%20//evil.example`, 302, `${SETTINGS}?next=%0d%0aLocation:%20//evil.example`],
    [`${SETTINGS}?next=/%09/evil.example`, 302, `${SETTINGS}?next=/%09/evil.example`],
  ];

  it.each(TARGETS)("GET %j answers %i; log-in then goes to %j", async (target, status, returnsTo) => {
    const user = await userFixture(testApp.accounts);
    const client = testApp.client();
    await client.get("/users/log-in"); // a session for the return-to path to be kept in
    expect(await getRawTarget(client, target)).toBe(status);
    const reply = await logInAs(client, user.email, VALID_PASSWORD);
    expect(reply.location).toBe(returnsTo);
    expect(new URL(reply.location!, testApp.origin).origin, "the log-in must stay on this site").toBe(testApp.origin);
  });
});

describe("redirectIfUserIsAuthenticated", () => {
  it("sends a logged-in user away from log-in and registration", async () => {
    const { client } = await loggedInClient();
    for (const path of ["/users/log-in", "/users/register"]) {
      const reply = await client.get(path);
      expect([reply.status, reply.location], path).toEqual([302, "/"]);
    }
  });
});

describe("logOutUser", () => {
  it("deletes the token: the old session cookie, replayed, gets nothing", async () => {
    const { client } = await loggedInClient();
    const held = client.cookies.get(SESSION_COOKIE)!;
    const reply = await client.post("/users/log-out", {});
    expect([reply.status, reply.location]).toEqual([302, "/"]);
    expect((await client.follow(reply)).body).toContain("Logged out successfully.");
    const replay = testApp.client();
    replay.cookies.set(SESSION_COOKIE, held);
    expect(await isLoggedIn(replay)).toBe(false);
    expect(testApp.app.db.prepare("SELECT count(*) AS n FROM users_tokens").get()).toEqual({ n: 0 });
  });

  it("closes this session's live sockets, and no one else's", async () => {
    const { user, client } = await loggedInClient();
    const elsewhere = testApp.client();
    await logInAs(elsewhere, user.email, VALID_PASSWORD);
    const here = await openLiveSocket(client);
    const there = await openLiveSocket(elsewhere);
    await client.post("/users/log-out", {});
    expect(await here.closed(), "the socket should be closed as logged out").toBe(4401);
    expect(await there.stillOpen(), "the same user's other session keeps its socket").toBe(true);
    there.close();
  });
});
