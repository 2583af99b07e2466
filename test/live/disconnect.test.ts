import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLOSE } from "../../live/protocol.ts";
import { closeCodeOf, logInAs, openPage, renderedHtml, sessionIdOf, startFixture, type RunningFixture } from "../support/fixture-app.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import type { LiveClient } from "../../scripts/harness/live-client.ts";

let running: RunningFixture;
beforeEach(async () => {
  running = await startFixture();
});
afterEach(() => running.close());

/** A joined /items tab in this browser. */
async function joinedTab(http: HttpClient, id: string) {
  const tab = await openPage(running.origin, `/items/${id}`, http);
  await tab.socket.join(tab.page);
  return tab.socket;
}

async function expectLoggedOutClose(socket: LiveClient, reason: string) {
  expect(await socket.waitFor((m) => m.t === "disconnect"), "the page should be told why").toEqual({ t: "disconnect", reason });
  expect(await closeCodeOf(socket), "then the socket should close as logged out").toBe(CLOSE.loggedOut);
}

async function expectStillServing(socket: LiveClient, why: string) {
  expect(renderedHtml(await socket.event("ping")), why).toContain('data-pings="1"');
}

describe("live.disconnectSession", () => {
  it("closes every socket of that session with a disconnect message, then 4401", async () => {
    const alice = new HttpClient(running.origin);
    const tabs = [await joinedTab(alice, "1"), await joinedTab(alice, "2")];
    const count = running.app.live.disconnectSession(sessionIdOf(alice), "logged out");
    expect(count, "both of the session's sockets should be closed").toBe(2);
    for (const tab of tabs) await expectLoggedOutClose(tab, "logged out");
  });

  it("leaves every other session's sockets open", async () => {
    const alice = new HttpClient(running.origin);
    const aliceTab = await joinedTab(alice, "1");
    const bobTab = await joinedTab(new HttpClient(running.origin), "1");
    running.app.live.disconnectSession(sessionIdOf(alice), "logged out");
    await expectLoggedOutClose(aliceTab, "logged out");
    await expectStillServing(bobTab, "another session's socket must stay open and serving");
    bobTab.close();
  });

  it("forgets the closed sockets and returns 0 for a session with none", async () => {
    const alice = new HttpClient(running.origin);
    const tab = await joinedTab(alice, "1");
    const sessionId = sessionIdOf(alice);
    running.app.live.disconnectSession(sessionId, "logged out");
    await closeCodeOf(tab);
    await expect.poll(() => running.app.live.sockets.countSockets(sessionId), { message: "closed sockets should leave the index" }).toBe(0);
    expect(running.app.live.disconnectSession(sessionId, "logged out"), "nothing is left to close").toBe(0);
  });
});

describe("live.disconnectLiveSocketId", () => {
  it("closes the sockets of every session that carries the id, e.g. all of a user's browsers", async () => {
    const laptop = await logInAs(new HttpClient(running.origin), "alice");
    const phone = await logInAs(new HttpClient(running.origin), "alice");
    const tabs = [await joinedTab(laptop, "1"), await joinedTab(phone, "1")];
    const count = running.app.live.disconnectLiveSocketId("user:alice", "password changed");
    expect(count, "both of alice's browsers should be disconnected").toBe(2);
    for (const tab of tabs) await expectLoggedOutClose(tab, "password changed");
  });

  it("leaves other users' and anonymous sockets open", async () => {
    const alice = await joinedTab(await logInAs(new HttpClient(running.origin), "alice"), "1");
    const bob = await joinedTab(await logInAs(new HttpClient(running.origin), "bob"), "1");
    const anonymous = await joinedTab(new HttpClient(running.origin), "1");
    running.app.live.disconnectLiveSocketId("user:alice", "password changed");
    await expectLoggedOutClose(alice, "password changed");
    await expectStillServing(bob, "bob's socket must stay open");
    await expectStillServing(anonymous, "an anonymous socket must stay open");
    bob.close();
    anonymous.close();
  });
});
