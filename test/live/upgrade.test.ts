import WebSocket from "ws";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLOSE } from "../../live/protocol.ts";
import { closeCodeOf } from "../support/fixture-app.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient, livePage, type ConnectOptions, type LivePage } from "../../scripts/harness/live-client.ts";
import { REPO_ROOT, startApp, type RunningApp } from "../../scripts/harness/start-app.ts";

let running: RunningApp;
beforeEach(async () => {
  running = await startApp({ dir: `${REPO_ROOT}/steps/00-welcome` });
});
afterEach(() => running.close());

/** A visitor who has loaded the counter page: a session cookie and the page's CSRF token. */
async function counterVisitor() {
  const http = new HttpClient(running.origin);
  const page = livePage((await http.get("/counter")).body, "/counter");
  return { http, page };
}

/** Opens a socket that the server accepts and then closes; resolves with the close code. */
async function closeCodeFor(http: HttpClient, page: LivePage, options: ConnectOptions) {
  const socket = await LiveClient.connect(http, page, options);
  return await closeCodeOf(socket);
}

describe("the upgrade's Origin check", () => {
  it("refuses a socket from another site with 403, before upgrading", async () => {
    const { http, page } = await counterVisitor();
    const connecting = LiveClient.connect(http, page, { origin: "https://evil.example" });
    await expect(connecting, "a cross-site page must not get a socket with our cookies").rejects.toThrow("upgrade refused: 403");
    expect(running.logs.join("\n"), "the refusal should be logged with the origin").toContain('origin "https://evil.example"');
  });

  it("refuses a socket with no Origin header with 403", async () => {
    const { http, page } = await counterVisitor();
    await expect(LiveClient.connect(http, page, { origin: null }), "no Origin is not our origin").rejects.toThrow("upgrade refused: 403");
  });

  it("refuses origins that differ only by scheme or port", async () => {
    const { http, page } = await counterVisitor();
    const port = Number(new URL(running.origin).port);
    for (const origin of [running.origin.replace("http:", "https:"), `http://127.0.0.1:${port + 1}`, `${running.origin}/`]) {
      await expect(LiveClient.connect(http, page, { origin }), `${origin} is not the app's origin`).rejects.toThrow("upgrade refused: 403");
    }
  });

  it("answers 404 for an upgrade on any other path", async () => {
    const ws = new WebSocket(`${running.origin.replace("http", "ws")}/not-the-live-socket`, { origin: running.origin });
    const status = await new Promise<number>((done) => ws.once("unexpected-response", (_req, res) => done(res.statusCode ?? 0)));
    expect(status, "only /live/websocket upgrades").toBe(404);
  });

  it("accepts the app's own origin, and the socket mounts the page", async () => {
    const { http, page } = await counterVisitor();
    const socket = await LiveClient.connect(http, page);
    expect(await socket.join(page), "a same-origin socket with a valid CSRF token should mount").toMatchObject({ t: "rendered" });
    socket.close();
  });
});

describe("the upgrade's session and CSRF check", () => {
  it("closes a socket without a CSRF token with 4403", async () => {
    const { http, page } = await counterVisitor();
    expect(await closeCodeFor(http, page, { csrf: null }), "the CSRF token is what ties the socket to the page").toBe(CLOSE.csrfRefused);
    expect(running.logs.join("\n"), "the refusal should be logged").toContain("invalid CSRF token");
  });

  it("closes a socket with a wrong CSRF token with 4403", async () => {
    const { http, page } = await counterVisitor();
    const wrong = "A".repeat(43);
    expect(await closeCodeFor(http, page, { csrf: wrong }), "a made-up token must be refused").toBe(CLOSE.csrfRefused);
  });

  it("closes a socket that presents another session's CSRF token with 4403", async () => {
    const alice = await counterVisitor();
    const mallory = await counterVisitor();
    const code = await closeCodeFor(alice.http, alice.page, { csrf: mallory.page.csrf });
    expect(code, "a token is only good with its own session's cookie").toBe(CLOSE.csrfRefused);
  });

  it("closes a cookie-less socket with 4403, whatever CSRF token it shows", async () => {
    const { http, page } = await counterVisitor();
    expect(await closeCodeFor(http, page, { cookie: "" }), "no cookie means no session to check the token against").toBe(CLOSE.csrfRefused);
  });

  it("keeps serving the session's good sockets after refusing a bad one", async () => {
    const { http, page } = await counterVisitor();
    await closeCodeFor(http, page, { csrf: null });
    const socket = await LiveClient.connect(http, page);
    expect(await socket.join(page), "a refused socket must not affect the next one").toMatchObject({ t: "rendered" });
    socket.close();
  });
});
