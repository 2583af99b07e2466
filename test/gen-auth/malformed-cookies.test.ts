/**
 * Cookies are outside input: any other app on localhost can set one for us.
 * Every malformed cookie below is sent to every route of the step-01 app
 * (solution(01)) and to the live socket; each must be answered exactly as a
 * request without cookies is — never a 500. SECURITY.md item 34.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { registerUser } from "../support/auth-fixtures.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { startApp, type RunningApp } from "../../scripts/harness/start-app.ts";
import { materialise, removeApp } from "./support/apps.ts";

const BROKEN = "%E0%A4%A.x"; // a cut-off UTF-8 sequence: decodeURIComponent throws URIError
const TOKEN = "A".repeat(43); // the shape of an emailed token, unknown to the app

const MALFORMED_COOKIES: [label: string, header: string][] = [
  ["broken %-encoding in the session cookie", `live_auth_session=${BROKEN}`],
  ["broken %-encoding in a signed-looking session cookie", `live_auth_session=s%3A${BROKEN}`],
  ["broken %-encoding in the remember-me cookie", `live_auth_remember_me=${BROKEN}`],
  ["broken %-encoding in the live_flash cookie", `live_flash=${BROKEN}`],
  ["all three broken at once", `live_auth_session=${BROKEN}; live_auth_remember_me=${BROKEN}; live_flash=${BROKEN}`],
  ["empty values", "live_auth_session=; live_auth_remember_me=; live_flash="],
  ["a cookie that is only =", "="],
  ["names or values made of =", "==; =x; live_auth_remember_me=="],
  ["duplicate names, the first one broken", `live_auth_remember_me=${BROKEN}; live_auth_remember_me=abc.def; live_flash=${BROKEN}; live_flash=x`],
  ["a very long value", `live_auth_remember_me=${"a".repeat(8000)}${BROKEN}`],
  ["a tab and %-encoded control characters", `live_auth_remember_me=a\t%00%1F%7F.b; live_flash=%0D%0A`],
  ["quotes", `live_auth_session="s:x.y"; live_auth_remember_me="${BROKEN}"; live_flash="%E0"`],
  ["bytes outside ASCII", `live_auth_remember_me=\u00e9${BROKEN}`],
  ["a header of only ;;;", ";;;"],
];

const GET_ROUTES = [
  "/",
  "/users/register",
  "/users/log-in",
  "/users/settings",
  `/users/settings/confirm-email/${TOKEN}`,
  "/users/reset-password",
  `/users/reset-password/${TOKEN}`,
  "/users/confirm",
  `/users/confirm/${TOKEN}`,
  "/mission",
  "/counter",
  "/dev/mailbox",
  "/dev/mailbox.json",
];

const POST_ROUTES = [
  "/users/register",
  "/users/log-in",
  "/users/log-out",
  "/users/settings/email",
  "/users/settings/password",
  `/users/settings/confirm-email/${TOKEN}`,
  "/users/reset-password",
  `/users/reset-password/${TOKEN}`,
  "/users/confirm",
  `/users/confirm/${TOKEN}`,
];

let dir: string;
let running: RunningApp;
beforeAll(async () => {
  dir = materialise("solution", "malformed-cookies");
  running = await startApp({ dir, extra: { bcryptCost: 4 } });
});
afterAll(async () => {
  await running?.close();
  removeApp(dir);
});

type Answer = { status: number; location: string | null; body: string };

async function send(method: string, path: string, cookie: string | null): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (cookie !== null) headers.cookie = cookie;
  // A form post from our own origin without _csrf: what another app's cookies ride along with.
  const body = method === "GET" ? undefined : "email=agent%40example.com&password=correct-horse-battery";
  if (body) Object.assign(headers, { origin: running.origin, "content-type": "application/x-www-form-urlencoded" });
  const response = await fetch(running.url(path), { method, headers, body, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), body: await response.text() };
}

// CSRF tokens, view tokens and handoff ids differ per session; the rest of the page must not.
function normalise(answer: Answer): Answer {
  return { ...answer, body: answer.body.replace(/[A-Za-z0-9_.~%-]{20,}/g, "<token>") };
}

async function expectLikeNoCookies(method: string, path: string, cookie: string) {
  const expected = normalise(await send(method, path, null));
  const actual = await send(method, path, cookie);
  const where = `${method} ${path} with Cookie: ${JSON.stringify(cookie.slice(0, 80))}`;
  expect(actual.status, `${where} answered ${actual.status}: ${actual.body.slice(0, 200)}`).not.toBe(500);
  expect(normalise(actual), `${where} should be answered as if it carried no cookies`).toEqual(expected);
}

describe("malformed cookies on HTTP routes", () => {
  it.each(MALFORMED_COOKIES)("answers every GET route as without cookies: %s", async (_label, cookie) => {
    for (const path of GET_ROUTES) await expectLikeNoCookies("GET", path, cookie);
  });

  it.each(MALFORMED_COOKIES)("refuses every POST without _csrf cleanly (403): %s", async (_label, cookie) => {
    for (const path of POST_ROUTES) {
      expect((await send("POST", path, cookie)).status, `POST ${path} without _csrf should be refused with 403`).toBe(403);
      await expectLikeNoCookies("POST", path, cookie);
    }
    await expectLikeNoCookies("DELETE", "/users/log-out", cookie);
  });

  it("keeps a logged-in user logged in when broken cookies ride along", async () => {
    const http = new HttpClient(running.origin);
    await registerUser(http);
    const session = http.cookieHeader();
    for (const [label, cookie] of MALFORMED_COOKIES) {
      const reply = await fetch(running.url("/users/settings"), { headers: { cookie: `${session}; ${cookie}` }, redirect: "manual" });
      expect(reply.status, `GET /users/settings with the session cookie and ${label} should still show the settings`).toBe(200);
    }
  });
});

type Upgrade = { refused: number } | { closed: number };

function upgrade(cookie: string | null): Promise<Upgrade> {
  const url = new URL("/live/websocket", running.origin.replace(/^http/, "ws"));
  const headers: Record<string, string> = { origin: running.origin };
  if (cookie !== null) headers.cookie = cookie;
  const ws = new WebSocket(url, { headers });
  return new Promise((done, fail) => {
    ws.once("unexpected-response", (_req, res) => done({ refused: res.statusCode ?? 0 }));
    ws.once("close", (code) => done({ closed: code }));
    ws.once("error", fail);
  });
}

describe("malformed cookies on the live socket upgrade", () => {
  it.each(MALFORMED_COOKIES)("answers the upgrade as without cookies, and keeps serving: %s", async (_label, cookie) => {
    const expected = await upgrade(null);
    expect(await upgrade(cookie), `the upgrade with Cookie: ${JSON.stringify(cookie.slice(0, 80))}`).toEqual(expected);
    expect((await fetch(running.url("/"))).status, "the server should still serve pages after the upgrade").toBe(200);
  });
});
