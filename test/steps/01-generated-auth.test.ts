/**
 * Checker for step 01: the generated session auth, run and wired into the app.
 * Black-box over HTTP with a cookie jar, like a browser: register, log in, log
 * out, remember me, the bounce to /users/log-in and back, session fixation,
 * CSRF, and log-in failures that reveal nothing. Each section starts an app of
 * its own, so one section's log-ins never count against another's throttle.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectRoute,
  logInAs,
  missionFor,
  pathOf,
  persistentCookies,
  statusHint,
  submitLogIn,
  uniqueEmail,
  userFixture,
  VALID_PASSWORD,
  type AppHttp,
  type TestUser,
} from "../support/auth-fixtures.ts";
import { csrfFrom, HttpClient } from "../../scripts/harness/http-client.ts";
import { prerequisiteGate } from "../support/prerequisites.ts";
import { startApp, type RunningApp } from "../../scripts/harness/start-app.ts";

const SESSION_COOKIE = "live_auth_session";
const REMEMBER_ME_COOKIE = "live_auth_remember_me";
const LOG_IN_PATH = "/users/log-in";

const MOUNT_CSRF = "mount csrfProtection (auth/csrf-protection.ts) after the session middleware and before the routes in app.ts";
const FETCH_CURRENT_USER = "fetchCurrentUser, mounted right after the session middleware in app.ts, finds the user from the session";
const PROTECT_MISSION = `GET /mission should redirect to ${LOG_IN_PATH} when nobody is logged in — protect the route with requireAuthenticatedUser in app.ts`;

// Without the generated routes, or without a logged-in user after registering,
// every later check would fail the same way: the first such failure is the one to fix.
const gate = prerequisiteGate();

/** Starts a fresh app for the enclosing describe; call its functions inside a check. */
function appForSection() {
  let running: RunningApp | undefined;
  beforeAll(async () => {
    if (gate.met()) running = await startApp({ extra: { bcryptCost: 4 } });
  });
  afterAll(() => running?.close());
  const client = (): AppHttp => Object.assign(new HttpClient(running!.origin), { appLogs: running!.logs });

  return {
    client,
    /** A client that carries only the given cookies — a replay, or a browser restarted. */
    clientWith(cookies: Record<string, string | undefined>) {
      const http = client();
      for (const [name, value] of Object.entries(cookies)) if (value !== undefined) http.cookies.set(name, value);
      return http;
    },
    /** `situation` reads like "after logging in": the failure says what to check. */
    async expectLoggedIn(http: HttpClient, situation: string, email?: string) {
      const { reply, bouncedTo } = await missionFor(http);
      const answered = bouncedTo ? `a redirect to ${bouncedTo}` : String(reply.status);
      expect(reply.status, `${situation}, GET /mission should show the mission, but it answered ${answered} — ${FETCH_CURRENT_USER}`).toBe(200);
      if (email) expect(reply.body, `${situation}, /mission should name the logged-in agent — ${FETCH_CURRENT_USER}`).toContain(email);
    },
    /** Fails with `why` — unless /mission is open to everybody, which is the thing to fix first. */
    async expectLoggedOut(http: HttpClient, why: string) {
      const { loggedIn, bouncedTo } = await missionFor(http);
      if (loggedIn) expect((await missionFor(client())).loggedIn, PROTECT_MISSION).toBe(false);
      expect(loggedIn, why).toBe(false);
      expect(bouncedTo, `a logged-out GET /mission should be sent to ${LOG_IN_PATH}`).toBe(LOG_IN_PATH);
    },
  };
}

describe("§ Run the generator", () => {
  const app = appForSection();

  gate.prerequisite("serves the generated pages: GET /users/register and GET /users/log-in", async () => {
    for (const route of ["/users/register", LOG_IN_PATH]) expectRoute(await app.client().get(route), `GET ${route}`);
  });

  gate.prerequisite("registers a user and logs them in", async () => {
    const http = app.client();
    const email = uniqueEmail();
    await http.get("/users/register");
    const reply = await http.post("/users/register", { email, password: VALID_PASSWORD });
    expect(
      reply.status,
      `POST /users/register with a valid email and password should redirect (302), got ${reply.status}${statusHint(reply, http)}`,
    ).toBe(302);
    expect(pathOf(reply.location), "after registering, the app should redirect to /").toBe("/");

    const landed = await http.follow(reply);
    expect(landed.body, 'the page after registering should show the flash "Account created successfully!"').toContain(
      "Account created successfully!",
    );
    await app.expectLoggedIn(http, "right after registering (registration logs the new user in with logInUser)", email);
  });

  it("serves the log-in form with email, password, remember_me and _csrf", async () => {
    const form = await app.client().get(LOG_IN_PATH);
    expect(form.status, `GET ${LOG_IN_PATH} should show the log-in form (200), got ${form.status}`).toBe(200);
    for (const field of ["email", "password", "remember_me", "_csrf"]) {
      expect(form.body, `the log-in form has no field named "${field}" — compare auth/ with a fresh run of the generator`).toMatch(
        new RegExp(`name="${field}"`),
      );
    }
  });
});

describe("§ Protect a route", () => {
  const app = appForSection();

  it("sends a logged-out visitor from /mission to /users/log-in with a flash", async () => {
    const http = app.client();
    const reply = await http.get("/mission");
    expect(reply.status, `${PROTECT_MISSION} (it answered ${reply.status})`).toBe(302);
    expect(pathOf(reply.location), `a logged-out visit to /mission should be sent to ${LOG_IN_PATH}`).toBe(LOG_IN_PATH);

    const logInPage = await http.follow(reply);
    expectRoute(logInPage, `GET ${LOG_IN_PATH}`);
    expect(
      logInPage.body,
      'the log-in page after the bounce should show the flash "You must log in to access this page." — requireAuthenticatedUser puts it there',
    ).toContain("You must log in to access this page.");
  });

  it("returns to /mission after logging in from the bounce", async () => {
    const user = await userFixture(app.client);
    const http = app.client();
    const bounce = await http.get("/mission");
    expect(pathOf(bounce.location), PROTECT_MISSION).toBe(LOG_IN_PATH);
    expectRoute(await http.follow(bounce), `GET ${LOG_IN_PATH}`);

    const reply = await submitLogIn(http, user);
    expect(reply.status, `logging in after the bounce should redirect (302), got ${reply.status}${statusHint(reply, http)}`).toBe(302);
    expect(
      pathOf(reply.location),
      "after a bounce from /mission, log-in should return to /mission — requireAuthenticatedUser stores the path in the session and logInUser redirects to it",
    ).toBe("/mission");
    await app.expectLoggedIn(http, "back on /mission after the log-in", user.email);
  });
});

describe("§ Two layers, accounts and auth", () => {
  const app = appForSection();

  it("logs in a registered user with email and password", async () => {
    const user = await userFixture(app.client);
    const http = app.client();
    const reply = await logInAs(http, user);
    expect(
      reply.status,
      `POST ${LOG_IN_PATH} with the right email and password should redirect (302), got ${reply.status}${statusHint(reply, http)}${reply.body.includes("Invalid email or password.") ? ' and "Invalid email or password."' : ""}`,
    ).toBe(302);
    expect(pathOf(reply.location), "a log-in with no page to return to should redirect to /").toBe("/");
    expect((await http.follow(reply)).body, 'the page after log-in should show the flash "Welcome back!"').toContain("Welcome back!");
    await app.expectLoggedIn(http, "after logging in", user.email);
  });
});

describe("§ Session tokens in the database", () => {
  const app = appForSection();

  /** Logs in with remember-me, then out; returns the cookies the client held while logged in. */
  async function logInThenOut(user: TestUser) {
    const http = app.client();
    await http.follow(await logInAs(http, user, { rememberMe: true }));
    const heldWhileLoggedIn = Object.fromEntries(http.cookies);
    expect(heldWhileLoggedIn[SESSION_COOKIE], `logging in should leave a ${SESSION_COOKIE} cookie`).toBeDefined();

    const reply = await http.post("/users/log-out", {});
    expectRoute(reply, "POST /users/log-out");
    expect(reply.status, `POST /users/log-out should log out and redirect (302), got ${reply.status}${statusHint(reply, http)}`).toBe(302);
    expect(pathOf(reply.location), "log-out should redirect to /").toBe("/");
    expect((await http.follow(reply)).body, 'the page after log-out should show the flash "Logged out successfully."').toContain(
      "Logged out successfully.",
    );
    await app.expectLoggedOut(
      http,
      "after log-out, GET /mission should redirect to log-in — logOutUser should renew the session and clear the cookies",
    );
    return heldWhileLoggedIn;
  }

  it("logs out, and the old session cookie replayed gets nothing", async () => {
    const held = await logInThenOut(await userFixture(app.client));
    await app.expectLoggedOut(
      app.clientWith({ [SESSION_COOKIE]: held[SESSION_COOKIE] }),
      "the session cookie from before log-out still opens /mission — logOutUser must delete the token (deleteUserSessionToken) and end the session, not only clear the cookie",
    );
  });

  it("deletes the token on log-out, so the remember-me cookie replayed gets nothing", async () => {
    const held = await logInThenOut(await userFixture(app.client));
    expect(held[REMEMBER_ME_COOKIE], `a log-in with remember_me=true should set the ${REMEMBER_ME_COOKIE} cookie`).toBeDefined();
    await app.expectLoggedOut(
      app.clientWith({ [REMEMBER_ME_COOKIE]: held[REMEMBER_ME_COOKIE] }),
      "the remember-me cookie from before log-out still logs the user in — logOutUser must delete the session token from users_tokens (deleteUserSessionToken)",
    );
  });
});

describe("§ Remember me", () => {
  const app = appForSection();

  it("sets a persistent remember-me cookie when remember_me=true", async () => {
    const http = app.client();
    const reply = await logInAs(http, await userFixture(app.client), { rememberMe: true });
    expect(reply.status, `log-in with remember_me=true should redirect (302), got ${reply.status}${statusHint(reply, http)}`).toBe(302);
    expect(
      persistentCookies(http.setCookies),
      `log-in with remember_me=true should set the ${REMEMBER_ME_COOKIE} cookie with a Max-Age, so it outlives the browser session`,
    ).toContain(REMEMBER_ME_COOKIE);
  });

  it("sets no persistent cookie on a plain log-in", async () => {
    const http = app.client();
    const reply = await logInAs(http, await userFixture(app.client));
    expect(reply.status, `a plain log-in should redirect (302), got ${reply.status}${statusHint(reply, http)}`).toBe(302);
    expect(
      persistentCookies(http.setCookies),
      "a log-in without remember_me set a cookie with Max-Age or Expires — only remember-me may outlive the browser session",
    ).toEqual([]);
  });

  it("logs the user back in from the remember-me cookie alone", async () => {
    const user = await userFixture(app.client);
    const http = app.client();
    await logInAs(http, user, { rememberMe: true });
    const remembered = http.cookies.get(REMEMBER_ME_COOKIE);
    expect(remembered, `log-in with remember_me=true should set the ${REMEMBER_ME_COOKIE} cookie`).toBeDefined();

    const restarted = await missionFor(app.clientWith({ [REMEMBER_ME_COOKIE]: remembered }));
    const restore = `with only the ${REMEMBER_ME_COOKIE} cookie (the browser restarted, the session cookie gone), GET /mission should show the mission to that user — fetchCurrentUser falls back to the cookie when the session has no token`;
    expect(restarted.reply.status, restore).toBe(200);
    expect(restarted.reply.body, restore).toContain(user.email);
  });
});

describe("§ Session fixation", () => {
  const app = appForSection();

  it("gives the session a new id on log-in, and the old id stays logged out", async () => {
    const user = await userFixture(app.client);
    const http = app.client();
    expectRoute(await http.get(LOG_IN_PATH), `GET ${LOG_IN_PATH}`);
    const before = http.cookies.get(SESSION_COOKIE);
    expect(before, `GET ${LOG_IN_PATH} should start a session (a ${SESSION_COOKIE} cookie) to hold its _csrf token`).toBeDefined();

    const reply = await submitLogIn(http, user);
    expect(reply.status, `log-in should redirect (302), got ${reply.status}${statusHint(reply, http)}`).toBe(302);
    expect(
      http.cookies.get(SESSION_COOKIE),
      "the session cookie kept its value across log-in — logInUser must renew the session (req.session.regenerate) before it stores the user token",
    ).not.toBe(before);
    await app.expectLoggedOut(
      app.clientWith({ [SESSION_COOKIE]: before }),
      "the cookie from before log-in opens /mission after log-in: a cookie an attacker planted would now be logged in — renew the session in logInUser",
    );
  });
});

describe("§ CSRF", () => {
  const app = appForSection();

  it("refuses a POST without _csrf with 403", async () => {
    const user = await userFixture(app.client);
    const http = app.client();
    expectRoute(await http.get(LOG_IN_PATH), `GET ${LOG_IN_PATH}`);
    const reply = await http.post(LOG_IN_PATH, { email: user.email, password: user.password, _csrf: null });
    expect(reply.status, `POST ${LOG_IN_PATH} without a _csrf field was answered ${reply.status} — ${MOUNT_CSRF}`).toBe(403);
    await app.expectLoggedOut(http, "a log-in POST refused for its missing _csrf must not log anyone in");
  });

  it("refuses a form posted from another site with 403, even with a valid _csrf", async () => {
    const user = await userFixture(app.client);
    const http = app.client();
    expectRoute(await http.get(LOG_IN_PATH), `GET ${LOG_IN_PATH}`);
    const crossSite = await http.post(LOG_IN_PATH, { email: user.email, password: user.password }, { origin: "https://evil.example" });
    expect(
      crossSite.status,
      `POST ${LOG_IN_PATH} with Origin: https://evil.example was answered ${crossSite.status} — the CSRF protection should also refuse a cross-site Origin`,
    ).toBe(403);
  });

  it("refuses the _csrf token from before log-in once logged in", async () => {
    const user = await userFixture(app.client);
    const http = app.client();
    const form = await http.get(LOG_IN_PATH);
    expectRoute(form, `GET ${LOG_IN_PATH}`);
    const before = csrfFrom(form.body);
    const landed = await http.follow(await submitLogIn(http, user));
    expect(csrfFrom(landed.body), "the page after log-in should carry a _csrf token").not.toBeNull();

    const unguarded = await http.post("/users/log-out", { _csrf: null });
    expect(unguarded.status, `POST /users/log-out without a _csrf field was answered ${unguarded.status} — ${MOUNT_CSRF}`).toBe(403);
    const stale = await http.post("/users/log-out", { _csrf: before });
    expect(
      stale.status,
      `a POST with the _csrf token from before log-in was answered ${stale.status} — logInUser should give the session a new token (rotateCsrfToken), so a token seen before log-in is worthless after it`,
    ).toBe(403);
    await app.expectLoggedIn(http, "after a refused POST");
  });
});

describe("§ Messages that reveal nothing", () => {
  const app = appForSection();

  it('answers an unknown email and a wrong password alike: "Invalid email or password."', async () => {
    const user = await userFixture(app.client);
    const http = app.client();
    expectRoute(await http.get(LOG_IN_PATH), `GET ${LOG_IN_PATH}`);
    const wrongPassword = await submitLogIn(http, { email: user.email, password: "not the right password" });
    const nobody = uniqueEmail("nobody");
    const unknownEmail = await submitLogIn(http, { email: nobody, password: VALID_PASSWORD });

    for (const [what, reply] of [
      ["a wrong password", wrongPassword],
      ["an unknown email", unknownEmail],
    ] as const) {
      expect(reply.status, `a log-in with ${what} should re-render the form (200), got ${reply.status}${statusHint(reply, http)}`).toBe(200);
      expect(reply.body, `a log-in with ${what} should say "Invalid email or password."`).toContain("Invalid email or password.");
    }
    const masked = (body: string, email: string) => body.split(email).join("EMAIL");
    expect(
      masked(unknownEmail.body, nobody) === masked(wrongPassword.body, user.email),
      "the pages for an unknown email and a wrong password differ (apart from the echoed email) — they must not tell an attacker which emails have accounts",
    ).toBe(true);
    await app.expectLoggedOut(http, "a failed log-in must not log anyone in");
  });
});
