/**
 * Checker for step 05: log in from a live form. A websocket cannot set a
 * cookie, so the live log-in and registration forms are checked over the
 * socket, and a good submit renders the form with `live-trigger-action`: the
 * client then posts it over HTTP, where the session id is renewed, the CSRF
 * token rotated and the cookie set. The last section runs the 2019 flash
 * carrier (app/auth/flash-carrier.ts, not wired into the app) to show its risks.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pathOf, registerUser, uniqueEmail, VALID_PASSWORD, type TestUser } from "../support/auth-fixtures.ts";
import { csrfFrom, HttpClient } from "../../scripts/harness/http-client.ts";
import { loadLivePage, renderedHtml, type PageLoad } from "../../scripts/harness/page-load.ts";
import { queryTable } from "../support/query-table.ts";
import { report } from "../support/report.ts";
import { appDir, startApp, TEST_SECRET, type RunningApp } from "../../scripts/harness/start-app.ts";

let running: RunningApp;
beforeAll(async () => {
  running = await startApp({ extra: { bcryptCost: 4 } });
});
afterAll(() => running?.close());

const LOG_IN_VIEW = "app/views/log-in-live.ts";
const REGISTRATION_VIEW = "app/views/registration-live.ts";
const SESSION_COOKIE = "live_auth_session";
const MAX_THROTTLE_TRIES = 25; // well past the generated per-account limit (5 failures)

/** An agent registered on a client of their own, so the caller's client stays a guest. */
async function agentFixture(prefix: string): Promise<TestUser> {
  return registerUser(new HttpClient(running.origin), uniqueEmail(prefix));
}

/** A guest's full load of a live form page; fails with a learner-first message when it is not live. */
async function openLiveForm(http: HttpClient, path: string, view: string): Promise<PageLoad> {
  const load = await loadLivePage(running, http, path);
  expect(load.reply.status, `GET ${path} should show the form to a guest (200)`).toBe(200);
  expect(
    load.socket,
    `GET ${path} should be a live view now (data-live-token in the page): route it in the guest-only live session in app/app.ts, to ${view}`,
  ).not.toBeNull();
  expect(load.joined?.t, `joining ${path}'s live view should render it`).toBe("rendered");
  return load;
}

async function submitOverSocket(load: PageLoad, value: Record<string, string>) {
  return renderedHtml(await load.socket!.event("submit", value));
}

/** Rendered HTML with the apostrophes html`` escapes put back, to look for messages in. */
function shown(html: string): string {
  return html.replaceAll("&#39;", "'");
}

/** Sessions whose data holds a user token: logged-in sessions. */
function loggedInSessions(): number {
  const row = running.db.prepare(`SELECT COUNT(*) AS n FROM sessions WHERE data LIKE '%"userToken"%'`).get() as { n: number };
  return row.n;
}

/** The fields of the triggered form, as the browser posts them natively. */
function triggeredFields(html: string, typed: Record<string, string>): Record<string, string | null> {
  return { _csrf: csrfFrom(html), ...typed };
}

const hasTrigger = (html: string) => /<form[^>]*\slive-trigger-action/.test(html);

describe("§ Field errors over the socket", () => {
  it("shows the log-in form's errors as the visitor types and on submit, without a page load", async () => {
    const guest = new HttpClient(running.origin);
    const load = await openLiveForm(guest, "/users/log-in", LOG_IN_VIEW);
    report(queryTable("Step 05 — one full load of /users/log-in (a guest):", load.queries));
    report(`  => all statements: ${load.queries.length}; a guest's page load loads no user\n`);

    running.clearQueries();
    const typing = renderedHtml(await load.socket!.event("validate", { email: "bond", password: "", _target: "email" }));
    expect(
      typing,
      `typing "bond" in the email field should show "must have the @ sign and no spaces": the validate event in ${LOG_IN_VIEW} assigns the errors`,
    ).toContain("must have the @ sign and no spaces");
    expect(shown(typing), "while typing, an empty password is not an error yet").not.toContain("Password can't be blank");
    const submitted = shown(await submitOverSocket(load, { email: "", password: "" }));
    expect(
      submitted,
      `submitting an empty form should show "can't be blank" for both fields: the submit event in ${LOG_IN_VIEW} assigns the errors`,
    ).toContain("Password can't be blank");
    expect(hasTrigger(submitted), "a form with errors must not be posted (no live-trigger-action)").toBe(false);
    expect(running.queries.filter((q) => q.phase === "http").length, "the errors came over the socket: no HTTP request").toBe(0);
    load.socket!.close();
  });

  it("shows the registration form's errors as the visitor types", async () => {
    const guest = new HttpClient(running.origin);
    const load = await openLiveForm(guest, "/users/register", REGISTRATION_VIEW);
    const typing = renderedHtml(await load.socket!.event("validate", { email: "bond@example.com", password: "short", _target: "password" }));
    expect(
      typing,
      `a 5-character password should show "should be at least 12 characters" as it is typed: the validate event in ${REGISTRATION_VIEW}`,
    ).toContain("should be at least 12 characters");
    load.socket!.close();
  });
});

describe("§ The socket logs nobody in; the POST does", () => {
  it("answers a good submit with the form marked live-trigger-action, and logs nobody in over the socket", async () => {
    const user = await agentFixture("socket");
    const guest = new HttpClient(running.origin);
    const load = await openLiveForm(guest, "/users/log-in", LOG_IN_VIEW);
    const cookiesBefore = guest.cookieHeader();
    const before = loggedInSessions();
    const html = await submitOverSocket(load, { email: user.email, password: user.password });
    load.socket!.close();
    expect(
      hasTrigger(html),
      `a valid submit should render the <form> with live-trigger-action (set triggerSubmit in ${LOG_IN_VIEW}'s submit, and render the attribute)`,
    ).toBe(true);
    expect(html, "the triggered form posts to /users/log-in").toMatch(/<form[^>]*method="post"[^>]*action="\/users\/log-in"/);
    expect(csrfFrom(html), "the triggered form carries the session's _csrf, as the page did").toBe(load.page!.csrf);
    expect(guest.cookieHeader(), "a socket message cannot set a cookie: the browser's cookies are unchanged").toBe(cookiesBefore);
    expect(loggedInSessions(), "no session may hold a user token before the HTTP POST: the socket must not log in").toBe(before);
  });

  it("logs in with the POST the trigger sends: a new session id and a new CSRF token", async () => {
    const user = await agentFixture("post");
    const guest = new HttpClient(running.origin);
    const load = await openLiveForm(guest, "/users/log-in", LOG_IN_VIEW);
    const html = await submitOverSocket(load, { email: user.email, password: user.password });
    load.socket!.close();
    expect(hasTrigger(html), `a valid submit should render live-trigger-action (${LOG_IN_VIEW})`).toBe(true);

    const sessionBefore = guest.cookies.get(SESSION_COOKIE);
    const before = loggedInSessions();
    const reply = await guest.post("/users/log-in", triggeredFields(html, { email: user.email, password: user.password }));
    expect(reply.status, "POST /users/log-in with the triggered form should log in and redirect (302)").toBe(302);
    expect(loggedInSessions(), "the POST, not the socket, creates the logged-in session").toBe(before + 1);
    expect(guest.cookies.get(SESSION_COOKIE), "the log-in must renew the session id (session fixation): the cookie changes").not.toBe(sessionBefore);
    const next = await guest.get("/");
    expect(csrfFrom(next.body), "the log-in must rotate the CSRF token").not.toBe(load.page!.csrf);
    expect(next.body, "the next page shows the agent as logged in").toContain(user.email);
  });

  it("refuses the log-in POST replayed without _csrf, or with the token from before log-in (403)", async () => {
    const user = await agentFixture("replay");
    const guest = new HttpClient(running.origin);
    await guest.get("/users/log-in");
    const oldCsrf = csrfFrom(guest.lastHtml);
    const noToken = await guest.post("/users/log-in", { _csrf: null, email: user.email, password: user.password });
    expect(noToken.status, "a POST /users/log-in without _csrf must be refused (403)").toBe(403);
    expect(await loggedInSessionFor(guest), "the refused POST logs nobody in").toBe(false);

    await guest.post("/users/log-in", { _csrf: oldCsrf, email: user.email, password: user.password });
    const replay = await guest.post("/users/log-in", { _csrf: oldCsrf, email: user.email, password: user.password });
    expect(replay.status, "the pre-log-in _csrf is worthless after log-in (rotated): a replay must be refused (403)").toBe(403);
  });

  it("shows a throttled log-in in the live form instead of posting it", async () => {
    const user = await agentFixture("throttled");
    const attacker = new HttpClient(running.origin);
    await attacker.get("/users/log-in");
    let status = 0;
    for (let tries = 0; tries < MAX_THROTTLE_TRIES && status !== 429; tries++) {
      status = (await attacker.post("/users/log-in", { email: user.email, password: "not the password" })).status;
    }
    expect(status, "POST /users/log-in should answer 429 after repeated wrong passwords for one account").toBe(429);

    const owner = new HttpClient(running.origin);
    const load = await openLiveForm(owner, "/users/log-in", LOG_IN_VIEW);
    const html = await submitOverSocket(load, { email: user.email, password: user.password });
    load.socket!.close();
    expect(html, `the live form should say "Too many attempts" before posting: ask the throttle in ${LOG_IN_VIEW}'s submit`).toContain(
      "Too many attempts",
    );
    expect(hasTrigger(html), "a throttled log-in must not be posted: the POST would only answer 429").toBe(false);
  });
});

describe("§ Registration ends logged in", () => {
  it("registers through the live form and lands on /mission as the new agent", async () => {
    const email = uniqueEmail("recruit");
    const guest = new HttpClient(running.origin);
    const load = await openLiveForm(guest, "/users/register", REGISTRATION_VIEW);
    const html = await submitOverSocket(load, { email, password: VALID_PASSWORD });
    load.socket!.close();
    expect(hasTrigger(html), `a valid registration should render live-trigger-action (${REGISTRATION_VIEW})`).toBe(true);
    expect(html, "the triggered form posts to /users/register").toMatch(/<form[^>]*action="\/users\/register"/);

    const reply = await guest.post("/users/register", triggeredFields(html, { email, password: VALID_PASSWORD }));
    expect(reply.status, "POST /users/register should create the account and redirect (302)").toBe(302);
    expect(pathOf(reply.location), "a new agent goes to the mission").toBe("/mission");
    const mission = await guest.get("/mission");
    expect(mission.status, "the new agent is logged in: /mission renders").toBe(200);
    expect(mission.body, "the mission shows the new agent").toContain(`Agent: ${email}`);
  });
});

describe("§ The flash carrier (2019), for comparison", () => {
  it("logs in again when its cookie is replayed within its lifetime, unless it carries a single-use nonce", async () => {
    const carrierModule = await loadCarrier();
    const { createFlashCarrier, SingleUseNonces, CARRIER_COOKIE } = carrierModule;
    for (const withNonce of [false, true]) {
      const carrier = createFlashCarrier(TEST_SECRET, withNonce ? { nonces: new SingleUseNonces(Date.now) } : {});
      const route = await carrierRoute(carrier);
      const cookie = `${CARRIER_COOKIE}=${carrier.seal({ userId: 7, returnTo: "/mission" })}`;
      const first = await fetch(route.url, { headers: { cookie } });
      const replay = await fetch(route.url, { headers: { cookie } }); // a copied cookie: a proxy log, a shared machine
      await route.close();
      report(`  flash carrier ${withNonce ? "with a nonce store" : "without nonces  "}: first visit ${first.status}, replay ${replay.status}`);
      expect(first.status, "the carrier logs in once").toBe(200);
      expect(replay.status, withNonce ? "with a single-use nonce the replay is refused" : "without a nonce the replay logs in again").toBe(
        withNonce ? 401 : 200,
      );
    }
  });

  it("cannot carry more than a cookie holds (about 4 KB)", async () => {
    const { createFlashCarrier, carrierCookieLine, carrierSetCookie, COOKIE_SIZE_LIMIT_IN_BYTES } = await loadCarrier();
    const carrier = createFlashCarrier(TEST_SECRET);
    const rows: string[] = [];
    for (const size of [100, 1_000, 2_000, 2_900, 3_000, 4_000]) {
      const token = carrier.seal({ userId: 7, returnTo: `/${"x".repeat(size)}` });
      const bytes = Buffer.byteLength(carrierCookieLine(token));
      rows.push(
        `    returnTo of ${String(size).padStart(5)} bytes → Set-Cookie of ${String(bytes).padStart(5)} bytes: ${carrierSetCookie(token) ? "kept" : "dropped"}`,
      );
    }
    report(`  the carrier rides in a cookie (limit ${COOKIE_SIZE_LIMIT_IN_BYTES} bytes); base64 grows a payload by a third:\n${rows.join("\n")}`);
    expect(carrierSetCookie(carrier.seal({ userId: 7, returnTo: "/mission" })), "a small payload fits").not.toBeNull();
    expect(carrierSetCookie(carrier.seal({ userId: 7, returnTo: `/${"x".repeat(3_500)}` })), "3.5 KB of payload does not").toBeNull();
  });

  it("is coupled to the redirect: the log-in happens on a GET, without CSRF, and only if it is followed in time", async () => {
    const { createFlashCarrier, CARRIER_COOKIE, CARRIER_VALIDITY_IN_MS } = await loadCarrier();
    let now = Date.now();
    const carrier = createFlashCarrier(TEST_SECRET, { clock: () => now });
    const route = await carrierRoute(carrier);
    const sealed = carrier.seal({ userId: 7, returnTo: "/mission" });
    const onTime = await fetch(route.url, { headers: { cookie: `${CARRIER_COOKIE}=${sealed}` } });
    now += CARRIER_VALIDITY_IN_MS; // the tab was closed, or the redirect lost to a second one
    const late = await fetch(route.url, { headers: { cookie: `${CARRIER_COOKIE}=${sealed}` } });
    await route.close();
    report(`  the redirect's GET logs in with no _csrf: ${onTime.status}; the same GET after ${CARRIER_VALIDITY_IN_MS / 1000} s: ${late.status}`);
    expect(onTime.status, "the carrier's GET logs in, and no CSRF token is asked for on a GET").toBe(200);
    expect(late.status, "a redirect followed after the carrier's lifetime logs nobody in").toBe(401);
  });
});

/** Whether the client's session is logged in, asked the way a browser would. */
function loggedInSessionFor(http: HttpClient): Promise<boolean> {
  return http.get("/mission").then((reply) => reply.status === 200);
}

type CarrierModule = {
  createFlashCarrier: (
    secret: string,
    options?: { clock?: () => number; nonces?: unknown },
  ) => {
    seal(payload: { userId: number; returnTo: string }): string;
    open(token: string): { userId: number; returnTo: string } | null;
  };
  SingleUseNonces: new (clock: () => number) => unknown;
  carrierSetCookie: (token: string) => string | null;
  carrierCookieLine: (token: string) => string;
  CARRIER_COOKIE: string;
  CARRIER_VALIDITY_IN_MS: number;
  COOKIE_SIZE_LIMIT_IN_BYTES: number;
};

async function loadCarrier(): Promise<CarrierModule> {
  const path = join(appDir(), "auth", "flash-carrier.ts");
  try {
    return (await import(pathToFileURL(path).href)) as CarrierModule;
  } catch (error) {
    throw new Error(
      `app/auth/flash-carrier.ts could not be loaded (${(error as Error).message}): it comes with step 05 — \`npx course compare 05\` shows it`,
    );
  }
}

/** The HTTP half of the 2019 workaround: the route the socket's redirect pointed to. */
async function carrierRoute(carrier: ReturnType<CarrierModule["createFlashCarrier"]>) {
  const { CARRIER_COOKIE } = await loadCarrier();
  const app = express();
  app.get("/session/from-carrier", (req, res) => {
    const token = (req.headers.cookie ?? "")
      .split("; ")
      .find((pair) => pair.startsWith(`${CARRIER_COOKIE}=`))
      ?.slice(CARRIER_COOKIE.length + 1);
    const payload = token ? carrier.open(token) : null;
    if (!payload) return void res.status(401).send("nobody");
    res.send(`logged in as user ${payload.userId}`); // here the 2019 route put the user in the session
  });
  const server: Server = createServer(app);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/session/from-carrier`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
