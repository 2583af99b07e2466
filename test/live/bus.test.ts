/**
 * The disconnect bus without Redis: a MemoryBus shared by two apps in one
 * process, and a bus that reports it may have lost messages (a stand-in for
 * Redis pub/sub losing its connection), so the fail-closed rule is tested
 * here too. redis-cluster.test.ts does the same with a real Redis.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryBus, type BusListener, type LiveBus } from "../../live/bus.ts";
import { CLOSE } from "../../live/protocol.ts";
import { closeCodeOf, logInAs, openPage, sessionIdOf, startFixture, type RunningFixture } from "../support/fixture-app.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";

const RECHECK_CLOSE_CODE = 1012; // bus.ts: the client reconnects, and the upgrade reads the session again

const running: RunningFixture[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

async function start(bus: LiveBus) {
  const app = await startFixture({ live: { bus } });
  running.push(app);
  return app;
}

async function joinedTab(app: RunningFixture) {
  const http = await logInAs(new HttpClient(app.origin), "alice");
  const tab = await openPage(app.origin, "/items/1", http);
  await tab.socket.join(tab.page);
  return tab;
}

/** A bus whose connection the test drops and brings back. */
function flakyBus() {
  const listeners = new Set<BusListener>();
  const bus: LiveBus = {
    publish: async () => {},
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const lose = () => {
    for (const listener of listeners) listener.lost("test");
  };
  const restore = () => {
    for (const listener of listeners) listener.restored();
  };
  return { bus, lose, restore };
}

describe("MemoryBus", () => {
  it("brings one app's log-out to another app's sockets of that session", async () => {
    const shared = new MemoryBus();
    const a = await start(shared.node());
    const b = await start(shared.node());
    const tab = await joinedTab(b);
    expect(a.app.live.disconnectSession(sessionIdOf(tab.http), "logged out"), "A has none of them").toBe(0);
    expect(await closeCodeOf(tab.socket), "B closes its socket as logged out").toBe(CLOSE.loggedOut);
  });

  it("does not bring a log-out back to the app that sent it", async () => {
    const shared = new MemoryBus();
    const a = await start(shared.node());
    const tab = await joinedTab(a);
    expect(a.app.live.disconnectSession(sessionIdOf(tab.http), "logged out"), "closed once, here").toBe(1);
    expect(await closeCodeOf(tab.socket)).toBe(CLOSE.loggedOut);
  });
});

describe("a bus that may have lost messages", () => {
  it("closes every socket with 1012, so each reconnects and checks its session again", async () => {
    const flaky = flakyBus();
    const app = await start(flaky.bus);
    const tab = await joinedTab(app);
    flaky.lose();
    expect(await closeCodeOf(tab.socket), "a log-out elsewhere may have been missed: re-check").toBe(RECHECK_CLOSE_CODE);
    expect(app.logs.join("\n")).toContain("disconnect bus lost");
  });

  it("closes the sockets opened while it was down once it is back: they may have missed a log-out", async () => {
    const flaky = flakyBus();
    const app = await start(flaky.bus);
    flaky.lose();
    const tab = await joinedTab(app);
    flaky.restore();
    expect(await closeCodeOf(tab.socket)).toBe(RECHECK_CLOSE_CODE);
  });

  it("still closes this node's sockets on a log-out when the publish fails, and logs it", async () => {
    const app = await start({ publish: async () => Promise.reject(new Error("bus down")), subscribe: () => () => {} });
    const tab = await joinedTab(app);
    expect(app.app.live.disconnectSession(sessionIdOf(tab.http), "logged out")).toBe(1);
    expect(await closeCodeOf(tab.socket)).toBe(CLOSE.loggedOut);
    await expect.poll(() => app.logs.join("\n")).toContain("could not tell the other nodes to disconnect a session: bus down");
  });
});
