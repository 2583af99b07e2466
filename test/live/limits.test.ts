import { afterEach, describe, expect, it } from "vitest";
import { CLOSE } from "../../live/protocol.ts";
import { closeCodeOf, openPage, renderedHtml, sessionIdOf, startFixture, type RunningFixture } from "../support/fixture-app.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient } from "../../scripts/harness/live-client.ts";

const MAX_PAYLOAD_IN_BYTES = 64 * 1024; // SOCKET_DEFAULTS
const MESSAGE_BURST = 40; // SOCKET_DEFAULTS
const SOCKETS_PER_SESSION = 20; // SOCKET_DEFAULTS

let running: RunningFixture;
afterEach(() => running.close());

/** A ping event whose JSON is exactly `bytes` long. */
function pingFrameOf(bytes: number, ref: number): string {
  const empty = JSON.stringify({ t: "event", ref, event: "ping", value: { pad: "" } });
  return JSON.stringify({ t: "event", ref, event: "ping", value: { pad: "x".repeat(bytes - empty.length) } });
}

const isRateLimited = (message: { t: string; code?: string }) => message.t === "error" && message.code === "rate_limited";

describe("the frame size limit", () => {
  it("accepts a frame of exactly 64 KiB", async () => {
    running = await startFixture();
    const { page, socket } = await openPage(running.origin, "/items/1");
    await socket.join(page);
    socket.ws.send(pingFrameOf(MAX_PAYLOAD_IN_BYTES, 9));
    expect(await socket.reply(9), "a frame at the limit is still a frame").toMatchObject({ t: "rendered" });
    socket.close();
  });

  it("closes a socket that sends a frame over 64 KiB with 1009, and other sockets keep serving", async () => {
    running = await startFixture();
    const tab = await openPage(running.origin, "/items/1");
    const bystander = await openPage(running.origin, "/items/2", tab.http);
    await bystander.socket.join(bystander.page);
    tab.socket.ws.send(pingFrameOf(MAX_PAYLOAD_IN_BYTES + 1, 9));
    expect(await closeCodeOf(tab.socket), "an oversize frame should close the socket as too big").toBe(CLOSE.tooBig);
    expect(running.logs.join("\n"), "the close should be logged").toMatch(/socket error: .*payload/i);
    expect(renderedHtml(await bystander.socket.event("ping")), "another socket must not be affected").toContain('data-pings="1"');
    bystander.socket.close();
  });
});

describe("the per-socket message rate limit", () => {
  it("allows a burst of 40 messages, then answers rate_limited", async () => {
    const now = Date.now();
    running = await startFixture({ clock: () => now }); // a frozen clock: the bucket never refills
    const { page, socket } = await openPage(running.origin, "/items/1");
    await socket.join(page);
    const replies = await Promise.all(Array.from({ length: MESSAGE_BURST - 1 }, () => socket.event("ping")));
    expect(
      replies.every((reply) => reply.t === "rendered"),
      "the whole burst should be served",
    ).toBe(true);
    socket.sendJson({ t: "event", ref: 1000, event: "ping", value: {} });
    expect(await socket.waitFor(isRateLimited), "message 41 should be refused, answering its ref").toMatchObject({ ref: 1000 });
    expect(running.logs.join("\n"), "the refusal should be logged").toContain("rate_limited");
    socket.close();
  });

  it("refills at messagesPerSecond", async () => {
    let now = Date.now();
    running = await startFixture({ clock: () => now, live: { socket: { messagesPerSecond: 2, messageBurst: 2 } } });
    const { page, socket } = await openPage(running.origin, "/items/1");
    await socket.join(page);
    await socket.event("ping");
    socket.sendJson({ t: "event", ref: 100, event: "ping", value: {} });
    await socket.waitFor(isRateLimited);
    now += 500;
    expect(renderedHtml(await socket.event("ping")), "half a second at 2/s buys one message").toContain('data-pings="2"');
    socket.close();
  });

  it("limits each socket on its own", async () => {
    const now = Date.now();
    running = await startFixture({ clock: () => now, live: { socket: { messagesPerSecond: 1, messageBurst: 1 } } });
    const tab = await openPage(running.origin, "/items/1");
    await tab.socket.join(tab.page);
    tab.socket.sendJson({ t: "event", ref: 100, event: "ping", value: {} });
    await tab.socket.waitFor(isRateLimited);
    const other = await openPage(running.origin, "/items/2", tab.http);
    expect(await other.socket.join(other.page), "a busy tab must not starve the visitor's other tabs").toMatchObject({ t: "rendered" });
  });

  it("closes a socket that keeps sending past the limit with 1008", async () => {
    const now = Date.now();
    running = await startFixture({ clock: () => now, live: { socket: { messagesPerSecond: 1, messageBurst: 1 } } });
    const { page, socket } = await openPage(running.origin, "/items/1");
    await socket.join(page);
    for (let ref = 100; ref < 160; ref++) socket.sendJson({ t: "event", ref, event: "ping", value: {} });
    expect(await closeCodeOf(socket), "a peer that ignores rate_limited is not a browser").toBe(CLOSE.policy);
    const refusals = socket.messages.filter(isRateLimited) as { ref: number | null }[];
    expect(refusals.length, "each refused frame is answered until the socket is closed").toBeGreaterThan(1);
    expect(
      refusals.every((message, i) => message.ref === refusals[0]!.ref! + i) && refusals[0]!.ref! >= 100,
      "each refusal carries the ref of the frame it refuses, so the client can stop its loading state",
    ).toBe(true);
    expect(
      running.logs.filter((line) => line.includes("rate_limited")),
      "the log line is written once per run",
    ).toHaveLength(1);
  });
});

describe("the per-session socket cap", () => {
  it("closes the 21st socket of one session with 4429, while other sessions still connect", async () => {
    running = await startFixture();
    const { http, page, socket } = await openPage(running.origin, "/items/1");
    const open = [socket];
    for (let i = 1; i < SOCKETS_PER_SESSION; i++) open.push(await LiveClient.connect(http, page));
    const extra = await LiveClient.connect(http, page);
    expect(await closeCodeOf(extra), "one session may not open more than 20 sockets").toBe(CLOSE.tooManySockets);
    expect(running.logs.join("\n"), "the refusal should be logged").toContain("session already has 20 sockets");
    const stranger = await openPage(running.origin, "/items/1");
    expect(await stranger.socket.join(stranger.page), "the cap is per session").toMatchObject({ t: "rendered" });
    for (const client of open) client.close();
  });

  it("frees a place when one of the session's sockets closes", async () => {
    running = await startFixture({ live: { socket: { socketsPerSession: 2 } } });
    const first = await openPage(running.origin, "/items/1");
    const second = await LiveClient.connect(first.http, first.page);
    first.socket.close();
    const sessionId = sessionIdOf(first.http);
    await expect.poll(() => running.app.live.sockets.countSockets(sessionId), { message: "the closed socket should be forgotten" }).toBe(1);
    const third = await LiveClient.connect(first.http, first.page);
    expect(await third.join(first.page), "a place freed by a close should be usable").toMatchObject({ t: "rendered" });
    second.close();
    third.close();
  });
});

describe("the per-address socket caps", () => {
  it("closes the socket past socketsPerAddress with 4429 and a log line, however many sessions it spreads over", async () => {
    running = await startFixture({ live: { socket: { socketsPerAddress: 6, socketsPerSession: 20, upgradesPerSecondPerAddress: 1000 } } });
    const open: LiveClient[] = [];
    for (let session = 0; session < 3; session++) {
      const tab = await openPage(running.origin, "/items/1"); // a fresh anonymous session each time
      open.push(tab.socket, await LiveClient.connect(tab.http, tab.page));
    }
    const tab = await openPage(running.origin, "/items/1");
    expect(await closeCodeOf(tab.socket), "a seventh socket from one address is over the cap").toBe(CLOSE.tooManySockets);
    expect(running.logs.join("\n"), "the refusal should be logged with the address").toMatch(
      /socket refused: 127\.0\.0\.1 already has 6 sockets open/,
    );
    open.pop()!.close();
    await expect
      .poll(
        async () => {
          const retry = await openPage(running.origin, "/items/1");
          const reply = await Promise.race([retry.socket.join(retry.page), retry.socket.closed]);
          retry.socket.close();
          return "t" in reply ? reply.t : "closed";
        },
        { message: "a closed socket gives its address a place back" },
      )
      .toBe("rendered");
    for (const client of open) client.close();
  });

  it("refuses upgrades faster than upgradesPerSecondPerAddress, and lets them in again once the bucket refills", async () => {
    let now = 1_000_000;
    running = await startFixture({ clock: () => now, live: { socket: { upgradesPerSecondPerAddress: 2, upgradeBurstPerAddress: 3 } } });
    const tabs = [];
    for (let i = 0; i < 3; i++) tabs.push(await openPage(running.origin, "/items/1"));
    const fourth = await openPage(running.origin, "/items/1");
    expect(await closeCodeOf(fourth.socket), "a fourth upgrade in the same instant is over the burst").toBe(CLOSE.tooManySockets);
    expect(running.logs.join("\n")).toMatch(/more than 2 new sockets per second from 127\.0\.0\.1/);
    now += 1_000; // two more tokens
    const later = await openPage(running.origin, "/items/1");
    expect(await later.socket.join(later.page), "after a second the address may open sockets again").toMatchObject({ t: "rendered" });
    for (const tab of [...tabs, later]) tab.socket.close();
  });
});

describe("the heartbeat", () => {
  it("terminates a peer that stops answering pings, and keeps the ones that answer", async () => {
    running = await startFixture({ live: { socket: { heartbeatMs: 50 } } });
    const http = new HttpClient(running.origin);
    const healthy = await openPage(running.origin, "/items/1", http);
    const silent = await openPage(running.origin, "/items/2", http, { autoPong: false });
    expect(await closeCodeOf(silent.socket), "a terminated socket closes without a close frame").toBe(1006);
    expect(running.logs.join("\n"), "the reaping should be logged").toContain("missed its heartbeat");
    await healthy.socket.join(healthy.page);
    expect(renderedHtml(await healthy.socket.event("ping")), "a peer that answers pings stays connected").toContain('data-pings="1"');
    healthy.socket.close();
  });
});

describe("the socket age limit", () => {
  it("closes a socket older than the session's idle lifetime with 4401, so the page reloads and HTTP checks the session", async () => {
    let now = Date.now();
    running = await startFixture({ clock: () => now, live: { socket: { heartbeatMs: 50, maxSocketAgeMs: 60_000 } } });
    const { page, socket } = await openPage(running.origin, "/items/1");
    await socket.join(page);
    now += 60_001;
    expect(await closeCodeOf(socket), "an old socket should be sent back through HTTP").toBe(CLOSE.loggedOut);
  });
});

describe("the join timeout", () => {
  it("closes a socket that never joins with 4408, giving its slot back; a joined socket stays", async () => {
    running = await startFixture({ live: { socket: { joinTimeoutMs: 100 } } });
    const http = new HttpClient(running.origin);
    const idle = await openPage(running.origin, "/items/1", http);
    const busy = await openPage(running.origin, "/items/2", http);
    await busy.socket.join(busy.page);
    expect(await closeCodeOf(idle.socket), "a socket that never joins should be closed").toBe(CLOSE.joinTimeout);
    expect(renderedHtml(await busy.socket.event("ping")), "a joined socket is not affected").toContain('data-pings="1"');
    busy.socket.close();
  });
});
