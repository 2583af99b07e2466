import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { defineLiveView, html, LIVE_FLASH_COOKIE, type ServerMessage } from "#live";
import { __schema__Fixture, VALID_PASSWORD } from "../__context_kebab__/__context_kebab__-fixtures.ts";
import { SUDO_MODE_VALIDITY_IN_MINUTES } from "../__context_kebab__/__schema_kebab__-token.ts";
import { LIVE_SUDO_MODE_VALIDITY_IN_MINUTES, requireLiveSudoMode, requireSudoMode } from "./__schema_kebab__-sudo-mode.ts";
import { csrfTokenIn, logInAs, startTestApp, type TestApp, type TestClient } from "./test-support.ts";

const MINUTE_IN_MS = 60 * 1000;
const SENSITIVE = "/__table_kebab__/sensitive"; // a live page the test adds, as an app would
const HOOK_ONLY = "/__table_kebab__/sensitive-hook-only";
const LOG_IN = "/__table_kebab__/log-in";
const REAUTHENTICATE = "You must re-authenticate to access this page.";

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
  const sensitiveView = defineLiveView({ name: "Sensitive", mount() {}, render: () => html`<h1>Sensitive</h1>` });
  const { __context__ } = testApp;
  testApp.app.live.liveSession("sudo", { onMount: [requireLiveSudoMode(__context__)] }, (route) => {
    route(SENSITIVE, sensitiveView, requireSudoMode(__context__, LIVE_SUDO_MODE_VALIDITY_IN_MINUTES));
    route(HOOK_ONLY, sensitiveView); // no middleware: the hook alone guards its HTTP render
  });
});
afterEach(() => testApp.close());

async function loggedInClient() {
  const __schema__ = await __schema__Fixture(testApp.__context__);
  const client = testApp.client();
  await client.follow(await logInAs(client, __schema__.email, VALID_PASSWORD));
  return { __schema__, client };
}

/** Joins a live page as its script does (CSRF token from `csrfPage`); resolves with the server's answer to the join. */
async function join(client: TestClient, page: string, csrfPage = page): Promise<ServerMessage> {
  const token = page.match(/data-live-token="([^"]+)"/)?.[1];
  const handoff = page.match(/data-live-handoff="([^"]*)"/)?.[1] ?? null;
  const url = new URL(`/live/websocket?_csrf=${csrfTokenIn(csrfPage)}`, client.origin.replace(/^http/, "ws"));
  const ws = new WebSocket(url, { headers: { origin: client.origin, cookie: client.cookieHeader() } });
  const answer = new Promise<ServerMessage>((resolve) => ws.once("message", (data) => resolve(JSON.parse(String(data)))));
  ws.once("open", () => ws.send(JSON.stringify({ t: "join", ref: 1, token, handoff, path: SENSITIVE })));
  try {
    return await answer;
  } finally {
    ws.close();
  }
}

describe("a live page behind requireLiveSudoMode", () => {
  it(`renders and joins for a log-in less than ${LIVE_SUDO_MODE_VALIDITY_IN_MINUTES} minutes old`, async () => {
    const { client } = await loggedInClient();
    testApp.advanceClock(LIVE_SUDO_MODE_VALIDITY_IN_MINUTES * MINUTE_IN_MS - 1);
    const page = await client.get(SENSITIVE);
    expect(page.status).toBe(200);
    expect(await join(client, page.body)).toMatchObject({ t: "rendered", ref: 1 });
  });

  it("sends an older log-in's HTTP render to log in again, then back to the page", async () => {
    const { __schema__, client } = await loggedInClient();
    testApp.advanceClock(LIVE_SUDO_MODE_VALIDITY_IN_MINUTES * MINUTE_IN_MS);
    expect((await client.get("/__table_kebab__/settings")).status, `the settings still open: they allow ${SUDO_MODE_VALIDITY_IN_MINUTES}`).toBe(200);
    const reply = await client.get(SENSITIVE);
    expect([reply.status, reply.location]).toEqual([302, LOG_IN]);
    const logIn = await client.follow(reply);
    expect(logIn.body).toContain(REAUTHENTICATE);
    expect(logIn.body).toContain("You need to reauthenticate to perform sensitive actions.");
    const again = await client.post(LOG_IN, { email: __schema__.email, password: VALID_PASSWORD });
    expect(again.location, "back to the live page that asked").toBe(SENSITIVE);
    expect((await client.get(SENSITIVE)).status).toBe(200);
  });

  it("refuses the HTTP render by the hook alone, where the route has no middleware", async () => {
    const { client } = await loggedInClient();
    expect((await client.get(HOOK_ONLY)).status).toBe(200);
    testApp.advanceClock(LIVE_SUDO_MODE_VALIDITY_IN_MINUTES * MINUTE_IN_MS);
    const reply = await client.get(HOOK_ONLY);
    expect([reply.status, reply.location]).toEqual([302, LOG_IN]);
    expect((await client.follow(reply)).body).toContain(REAUTHENTICATE);
  });

  it("refuses the socket join once the log-in is too old, though the page rendered", async () => {
    const { client } = await loggedInClient();
    testApp.advanceClock((LIVE_SUDO_MODE_VALIDITY_IN_MINUTES - 1) * MINUTE_IN_MS);
    const page = await client.get(SENSITIVE);
    expect(page.status).toBe(200);
    testApp.advanceClock(MINUTE_IN_MS);
    const answer = await join(client, page.body);
    expect(answer).toMatchObject({ t: "redirect", to: LOG_IN });
    // The redirect's flash rides to the log-in page in a cookie, as the page's script would set it.
    client.cookies.set(LIVE_FLASH_COOKIE, answer.t === "redirect" ? (answer.flash ?? "") : "");
    expect((await client.get(LOG_IN)).body).toContain(REAUTHENTICATE);
  });

  it("sends a join without a log-in to the log-in page", async () => {
    const { client } = await loggedInClient();
    const page = await client.get(SENSITIVE);
    await client.post("/__table_kebab__/log-out", {});
    const home = await client.get("/"); // the anonymous session's CSRF token, for the upgrade
    expect(await join(client, page.body, home.body)).toMatchObject({ t: "redirect", to: LOG_IN });
  });
});
