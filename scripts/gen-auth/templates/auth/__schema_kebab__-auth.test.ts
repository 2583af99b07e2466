import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../app.ts";
import { __schema__Fixture, VALID_PASSWORD } from "../__context_kebab__/__context_kebab__-fixtures.ts";
import { getRawTarget, isLoggedIn, logInAs, openLiveSocket, startTestApp, type TestApp } from "./test-support.ts";

const HOUR_IN_MS = 60 * 60 * 1000;

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

async function loggedInClient(options: { rememberMe?: boolean } = {}) {
  const __schema__ = await __schema__Fixture(testApp.__context__);
  const client = testApp.client();
  const reply = await logInAs(client, __schema__.email, VALID_PASSWORD, options);
  expect(reply.status, `log-in should redirect, got ${reply.status}`).toBe(302);
  await client.follow(reply); // as a browser would: the next form carries the new CSRF token
  return { __schema__, client };
}

describe("logIn__Schema__", () => {
  it("gives the session a new id: the cookie from before log-in stays logged out", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const client = testApp.client();
    await client.get("/__table_kebab__/log-in");
    const before = client.cookies.get(SESSION_COOKIE);
    expect(before, "the log-in page starts a session for its CSRF token").toBeDefined();
    await client.post("/__table_kebab__/log-in", { email: __schema__.email, password: VALID_PASSWORD });
    expect(client.cookies.get(SESSION_COOKIE), "log-in must renew the session id (fixation)").not.toBe(before);
    const planted = testApp.client();
    planted.cookies.set(SESSION_COOKIE, before!);
    expect(await isLoggedIn(planted), "a planted pre-log-in cookie must not become logged in").toBe(false);
  });

  it("redirects to the page that asked for a log-in", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const client = testApp.client();
    await client.get("/__table_kebab__/settings");
    const reply = await logInAs(client, __schema__.email, VALID_PASSWORD);
    expect(reply.location).toBe("/__table_kebab__/settings");
  });
});

describe("fetchCurrent__Schema__", () => {
  it("puts the current __schema_human__ in res.locals, which the layout shows", async () => {
    const { __schema__, client } = await loggedInClient();
    const page = await client.get("/");
    expect(page.body).toContain(__schema__.email);
    expect(page.body).toContain('action="/__table_kebab__/log-out"');
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

describe("requireAuthenticated__Schema__", () => {
  it("sends a logged-out visitor to log in, with a flash", async () => {
    const client = testApp.client();
    const reply = await client.get("/__table_kebab__/settings");
    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/__table_kebab__/log-in");
    expect((await client.follow(reply)).body).toContain("You must log in to access this page.");
  });

  it("remembers only GET requests as the page to return to", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const client = testApp.client();
    await client.get("/");
    await client.post("/__table_kebab__/settings/password", {});
    const reply = await logInAs(client, __schema__.email, VALID_PASSWORD);
    expect(reply.location).toBe("/");
  });
});

describe("requireAuthenticated__Schema__'s return-to path", () => {
  const SETTINGS = "/__table_kebab__/settings";
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
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const client = testApp.client();
    await client.get("/__table_kebab__/log-in"); // a session for the return-to path to be kept in
    expect(await getRawTarget(client, target)).toBe(status);
    const reply = await logInAs(client, __schema__.email, VALID_PASSWORD);
    expect(reply.location).toBe(returnsTo);
    expect(new URL(reply.location!, testApp.origin).origin, "the log-in must stay on this site").toBe(testApp.origin);
  });
});

describe("redirectIf__Schema__IsAuthenticated", () => {
  // with --sudo
  it("sends a logged-in __schema_human__ away from registration (log-in stays open, to renew sudo mode)", async () => {
    const { client } = await loggedInClient();
    for (const path of ["/__table_kebab__/register"]) {
  // without --sudo
  it("sends a logged-in __schema_human__ away from log-in and registration", async () => {
    const { client } = await loggedInClient();
    for (const path of ["/__table_kebab__/log-in", "/__table_kebab__/register"]) {
  // end --sudo
      const reply = await client.get(path);
      expect([reply.status, reply.location], path).toEqual([302, "/"]);
    }
  });
});

describe("logOut__Schema__", () => {
  it("deletes the token: the old session cookie, replayed, gets nothing", async () => {
    const { client } = await loggedInClient();
    const held = client.cookies.get(SESSION_COOKIE)!;
    const reply = await client.post("/__table_kebab__/log-out", {});
    expect([reply.status, reply.location]).toEqual([302, "/"]);
    expect((await client.follow(reply)).body).toContain("Logged out successfully.");
    const replay = testApp.client();
    replay.cookies.set(SESSION_COOKIE, held);
    expect(await isLoggedIn(replay)).toBe(false);
    expect(testApp.app.db.prepare("SELECT count(*) AS n FROM __table___tokens").get()).toEqual({ n: 0 });
  });

  it("closes this session's live sockets, and no one else's", async () => {
    const { __schema__, client } = await loggedInClient();
    const elsewhere = testApp.client();
    await logInAs(elsewhere, __schema__.email, VALID_PASSWORD);
    const here = await openLiveSocket(client);
    const there = await openLiveSocket(elsewhere);
    await client.post("/__table_kebab__/log-out", {});
    expect(await here.closed(), "the socket should be closed as logged out").toBe(4401);
    expect(await there.stillOpen(), "the same __schema_human__'s other session keeps its socket").toBe(true);
    there.close();
  });
});
