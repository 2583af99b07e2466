/**
 * Hostile peers: requests that must not crash the process, a revoked socket
 * that must run nothing more, redirect targets that leave the site, and
 * handoffs presented on the wrong page.
 */
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { pageKey } from "../../live/token.ts";
import { LiveSocket, redirect } from "../../live/view.ts";
import { openPage, sessionIdOf, startFixture, type RunningFixture } from "../support/fixture-app.ts";
import { handledPings } from "../support/fixture-views.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";

let running: RunningFixture | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const UPGRADE_HEADERS = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

/** Sends raw bytes to the server and resolves with whatever it answers. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("error", () => resolve(answer));
    socket.on("close", () => resolve(answer));
  });
}

const portOf = (origin: string) => Number(new URL(origin).port);

describe("upgrade requests that are not URLs or that reset", () => {
  it("answers 400 to an upgrade whose target is not a URL, and keeps serving", async () => {
    running = await startFixture();
    const answer = await rawRequest(portOf(running.origin), `GET http://[ HTTP/1.1\r\nHost: x\r\n${UPGRADE_HEADERS}\r\n`);
    expect(answer, "a malformed target gets a status, not a crash").toMatch(/^HTTP\/1\.1 400/);
    expect((await new HttpClient(running.origin).get("/items/1")).status, "the server still serves pages").toBe(200);
  });

  it("survives clients that reset the connection while being refused", async () => {
    running = await startFixture();
    const port = portOf(running.origin);
    const request = `GET /live/websocket HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\n${UPGRADE_HEADERS}\r\n${"x".repeat(100_000)}`;
    await Promise.all(
      Array.from(
        { length: 100 },
        () =>
          new Promise<void>((done) => {
            const socket = connect(port, "127.0.0.1", () => {
              socket.write(request);
              socket.resetAndDestroy();
            });
            socket.on("error", () => done());
            socket.on("close", () => done());
          }),
      ),
    );
    expect((await new HttpClient(running.origin).get("/items/1")).status, "the process must still be up").toBe(200);
  });
});

describe("a revoked socket", () => {
  it("runs no further events and is cut off if its peer never answers the close", async () => {
    running = await startFixture();
    const { http, page, socket } = await openPage(running.origin, "/items/7");
    await socket.join(page);
    const underlying = (socket.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    underlying.pause(); // the peer stops reading: it will not see the close frame
    const handledBefore = handledPings.length;
    running.app.live.disconnectSession(sessionIdOf(http), "logged out");
    for (let ref = 500; ref < 505; ref++) socket.sendJson({ t: "event", ref, event: "ping", value: {} });
    const deadline = Date.now() + 3_000;
    while (running.app.live.sockets.countSockets(sessionIdOf(http)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(running.app.live.sockets.countSockets(sessionIdOf(http)), "the server should cut the socket off").toBe(0);
    underlying.resume();
    await socket.closed;
    expect(handledPings.length - handledBefore, "no event sent after the revocation may run").toBe(0);
  });
});

describe("redirect targets", () => {
  it("accepts local paths only", () => {
    const socket = new LiveSocket("v", true, { kind: "handoff", values: null });
    expect(() => redirect(socket, "/users/log-in?next=%2Fmission")).not.toThrow();
    for (const target of ["//evil.example", "/\\evil.example", "/\t/evil.example", "https://evil.example/", "users"]) {
      expect(() => redirect(socket, target), `${JSON.stringify(target)} leaves the site`).toThrow(/local path/);
    }
  });
});

describe("the handoff's page binding", () => {
  it("keys a handoff by view and exact params, whatever their order", () => {
    expect(pageKey({ view: "item", params: { id: "1" } })).not.toBe(pageKey({ view: "item", params: { id: "2" } }));
    expect(pageKey({ view: "a", params: { x: "1", y: "2" } })).toBe(pageKey({ view: "a", params: { y: "2", x: "1" } }));
  });
});
