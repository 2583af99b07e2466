/**
 * Fixtures for checkers of steps that have the generated auth: register a
 * user, log in as them, and ask the app whether a client is logged in. They
 * go through the HTTP routes like a browser, so they test the learner's app
 * rather than reaching into its database.
 */
import { expect } from "vitest";
import { csrfFrom, type HttpClient, type Reply } from "../../scripts/harness/http-client.ts";

export const GEN_AUTH_HINT = "did you run `npm run gen:auth -- Accounts User users` and mount the auth routes in app.ts?";

// 24 bytes: inside the 12..72-byte rule the generated accounts enforce.
export const VALID_PASSWORD = "correct horse battery ok";

export type TestUser = { email: string; password: string };

let emailsMade = 0;

/** An email no other check in this run uses. */
export function uniqueEmail(prefix = "agent"): string {
  emailsMade += 1;
  return `${prefix}-${process.pid}-${emailsMade}@example.com`;
}

/** The path (and query) a redirect points to, whether Location is absolute or not. */
export function pathOf(location: string | null): string | null {
  if (location === null) return null;
  const url = new URL(location, "http://app.invalid");
  return url.pathname + url.search;
}

/** Fails with the generator hint when a route the generated auth should serve is missing. */
export function expectRoute(reply: Reply, route: string) {
  expect(reply.status, `No ${route} route (it answered 404) — ${GEN_AUTH_HINT}`).not.toBe(404);
}

/** A client that may also see the app's log lines, so a 500 can say what the app logged. */
export type AppHttp = HttpClient & { appLogs?: readonly string[] };

/** What an unexpected status most likely means, to append to a failure message. */
export function statusHint(reply: Reply, http?: AppHttp): string {
  switch (reply.status) {
    case 403:
      return " — the CSRF check refused it: csrfProtection must come after the session middleware in app.ts";
    case 404:
      return ` — no such route: ${GEN_AUTH_HINT}`;
    case 429:
      return " — the log-in throttle refused it (too many attempts)";
    case 500: {
      const logged = http?.appLogs?.at(-1)?.split("\n").slice(0, 2).join(" ").trim();
      return ` — the app threw an error${logged ? `; it logged: ${logged}` : ""}`;
    }
    default:
      return "";
  }
}

/** Registers through GET + POST /users/register; the client ends up logged in as the new user. */
export async function registerUser(http: AppHttp, email = uniqueEmail()): Promise<TestUser> {
  const form = await http.get("/users/register");
  expectRoute(form, "GET /users/register");
  expect(form.status, `GET /users/register should show the registration form (200), got ${form.status}`).toBe(200);
  expect(csrfFrom(form.body), "the registration page carries no _csrf token — render the hidden _csrf field in the form").not.toBeNull();

  const reply = await http.post("/users/register", { email, password: VALID_PASSWORD });
  expect(
    reply.status,
    `POST /users/register with a new email and a ${VALID_PASSWORD.length}-character password should create the account and redirect (302); it answered ${reply.status}${statusHint(reply, http)}`,
  ).toBe(302);
  return { email, password: VALID_PASSWORD };
}

/** Registers a user on a client of its own, so the caller's client stays logged out. */
export async function userFixture(newClient: () => AppHttp, email?: string): Promise<TestUser> {
  return registerUser(newClient(), email);
}

export type LogInOptions = { rememberMe?: boolean };

/** Opens the log-in form and submits it; returns the reply to the POST. */
export async function logInAs(http: HttpClient, user: TestUser, options: LogInOptions = {}): Promise<Reply> {
  const form = await http.get("/users/log-in");
  expectRoute(form, "GET /users/log-in");
  return submitLogIn(http, user, options);
}

/** Submits the log-in form the client is looking at (after a bounce to /users/log-in, say). */
export function submitLogIn(http: HttpClient, user: TestUser, options: LogInOptions = {}): Promise<Reply> {
  const fields: Record<string, string> = { email: user.email, password: user.password };
  if (options.rememberMe) fields.remember_me = "true";
  return http.post("/users/log-in", fields);
}

/** Whether the client gets the protected page — the question every log-in check asks. */
export async function missionFor(http: HttpClient) {
  const reply = await http.get("/mission");
  return { reply, loggedIn: reply.status === 200, bouncedTo: pathOf(reply.location) };
}

/** Names of the cookies a reply set to outlive the browser (Max-Age > 0 or Expires in the future). */
export function persistentCookies(setCookies: string[], nowMs = Date.now()): string[] {
  return setCookies.filter((line) => outlivesBrowser(line, nowMs)).map((line) => line.slice(0, line.indexOf("=")).trim());
}

function outlivesBrowser(line: string, nowMs: number): boolean {
  const maxAge = /;\s*max-age=(-?\d+)/i.exec(line);
  if (maxAge) return Number(maxAge[1]) > 0;
  const expires = /;\s*expires=([^;]+)/i.exec(line);
  return expires ? Date.parse(expires[1]!) > nowMs : false;
}

/** The value of one cookie from the Set-Cookie lines of a reply, or null. */
export function setCookieValue(setCookies: string[], name: string): string | null {
  const line = setCookies.find((each) => each.startsWith(`${name}=`));
  return line ? line.slice(name.length + 1).split(";")[0]! : null;
}
