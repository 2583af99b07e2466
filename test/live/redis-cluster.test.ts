/**
 * Two nodes, one SQLite file, one Redis (a private redis-server for this file):
 * the page is rendered on node A and its socket lands on node B, as behind a
 * load balancer without sticky sessions. Counted with the query hook on each
 * node's database: user-loading statements per page load, across both nodes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLOSE } from "../../live/protocol.ts";
import { closeCodeOf, logInAs, renderedHtml, sessionIdOf } from "../support/fixture-app.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient, livePage, type LivePage } from "../../scripts/harness/live-client.ts";
import { redisServerPath, startRedisServer, type RedisServer } from "../support/redis-server.ts";
import { sameBrowserOn, startTwoNodes, type Node } from "../support/two-nodes.ts";

const redisPath = redisServerPath();
const RECHECK_CLOSE_CODE = 1012; // bus.ts: "check the session again", the client reconnects

let redis: RedisServer;
let nodes: Awaited<ReturnType<typeof startTwoNodes>>;
afterEach(async () => nodes?.close());

/** Alice's browser: logged in on A, the page rendered on `renderOn`; not yet connected. */
async function alicePage(renderOn: Node, path = "/whoami") {
  const http = await logInAs(new HttpClient(renderOn.origin), "alice");
  const reply = await http.get(path);
  return { http, page: livePage(reply.body, path) };
}

/** Opens the page's socket on `node` and joins it; returns the socket and what it rendered. */
async function joinOn(node: Node, http: HttpClient, page: LivePage) {
  const socket = await LiveClient.connect(sameBrowserOn(node, http), page);
  return { socket, html: renderedHtml(await socket.join(page)) };
}

/** One page load: the GET on A, the socket on B. Returns the user-loading statements it ran. */
async function pageLoadAcrossNodes() {
  const { http } = await alicePage(nodes.a, "/items/1"); // log in first; not counted
  nodes.clearQueries();
  const page = livePage((await http.get("/whoami")).body, "/whoami");
  const { socket, html } = await joinOn(nodes.b, http, page);
  socket.close();
  return { html, userQueries: nodes.userQueries() };
}

describe("a page rendered on node A whose socket joins on node B, without Redis", () => {
  it("misses the handoff on B: 2 user queries per page load", async () => {
    nodes = await startTwoNodes(null);
    const { html, userQueries } = await pageLoadAcrossNodes();
    console.info(`in-memory handoff, socket on the other node: ${userQueries.length} user queries per page load`);
    expect(html, "B loads the right visitor itself").toContain('data-visitor="alice from the database"');
    expect(
      userQueries.map((q) => `${q.node} ${q.phase}`),
      "the dead render on A and the loader again on B",
    ).toEqual(["A mount:dead", "B mount:connected"]);
  });
});

describe.skipIf(!redisPath)("two nodes sharing one Redis", () => {
  beforeAll(async () => {
    redis = await startRedisServer(redisPath!);
  });
  afterAll(async () => redis?.stop());

  it("adopts on B the handoff of a page rendered on A: 1 user query per page load", async () => {
    nodes = await startTwoNodes(redis.url);
    const { html, userQueries } = await pageLoadAcrossNodes();
    console.info(`Redis handoff, socket on the other node: ${userQueries.length} user query per page load`);
    expect(html, "B shows the visitor A loaded").toContain('data-visitor="alice from the database"');
    expect(
      userQueries.map((q) => `${q.node} ${q.phase}`),
      "only the dead render on A loads the user",
    ).toEqual(["A mount:dead"]);
  });

  it("takes the page's session copy on B too: the upgrade reads no session", async () => {
    nodes = await startTwoNodes(redis.url);
    const { http, page } = await alicePage(nodes.a);
    nodes.clearQueries();
    const { socket } = await joinOn(nodes.b, http, page);
    expect(
      nodes.queries.filter((q) => q.phase === "upgrade"),
      "the upgrade on B should not read the session store",
    ).toEqual([]);
    socket.close();
  });

  it("forgets a handoff taken on B on A as well: a replay on A misses", async () => {
    nodes = await startTwoNodes(redis.url);
    const { http, page } = await alicePage(nodes.a);
    const first = await joinOn(nodes.b, http, page);
    nodes.clearQueries();
    const replay = await joinOn(nodes.a, http, page);
    expect(replay.html, "the replay still shows the right visitor, from its loader").toContain('data-visitor="alice from the database"');
    expect(
      nodes.userQueries().map((q) => `${q.node} ${q.phase}`),
      "the id was spent on B: A runs the loader",
    ).toEqual(["A mount:connected"]);
    first.socket.close();
    replay.socket.close();
  });

  it("closes B's sockets of a session logged out on A, and drops its pending handoffs", async () => {
    nodes = await startTwoNodes(redis.url);
    const { http, page } = await alicePage(nodes.b);
    const joined = await joinOn(nodes.b, http, page);
    const pending = livePage((await sameBrowserOn(nodes.b, http).get("/whoami")).body, "/whoami");
    expect(nodes.a.app.live.disconnectSession(sessionIdOf(http), "logged out"), "A has none of the session's sockets").toBe(0);
    expect(await joined.socket.waitFor((m) => m.t === "disconnect"), "B tells the page why").toEqual({ t: "disconnect", reason: "logged out" });
    expect(await closeCodeOf(joined.socket), "B closes the socket as logged out").toBe(CLOSE.loggedOut);
    nodes.clearQueries();
    const late = await joinOn(nodes.b, http, pending);
    expect(
      nodes.userQueries().map((q) => q.phase),
      "the revoked handoff misses: the loader runs",
    ).toEqual(["mount:connected"]);
    late.socket.close();
  });

  it("drops B's own in-memory handoffs when the bus brings it a log-out from A", async () => {
    nodes = await startTwoNodes(redis.url, { memoryHandoffs: true });
    const { http, page } = await alicePage(nodes.b);
    const joined = await joinOn(nodes.b, http, page);
    const pending = livePage((await sameBrowserOn(nodes.b, http).get("/whoami")).body, "/whoami");
    nodes.a.app.live.disconnectSession(sessionIdOf(http), "logged out");
    expect(await closeCodeOf(joined.socket), "B hears the log-out on the bus").toBe(CLOSE.loggedOut);
    nodes.clearQueries();
    const late = await joinOn(nodes.b, http, pending);
    expect(
      nodes.userQueries().map((q) => q.phase),
      "B dropped its pending handoff: the loader runs",
    ).toEqual(["mount:connected"]);
    late.socket.close();
  });

  it("closes A's sockets of a log-in whose liveSocketId is disconnected on B (a password change)", async () => {
    nodes = await startTwoNodes(redis.url);
    const { http, page } = await alicePage(nodes.a);
    const joined = await joinOn(nodes.a, http, page);
    nodes.b.app.live.disconnectLiveSocketId("user:alice", "password changed");
    expect(await closeCodeOf(joined.socket), "A closes the socket as logged out").toBe(CLOSE.loggedOut);
  });

  it("with Redis down: local revocation still closes, the other node closes its sockets for a re-check, pages load with 2 queries", async () => {
    nodes = await startTwoNodes(redis.url);
    const onA = await alicePage(nodes.a);
    const tabA = await joinOn(nodes.a, onA.http, onA.page);
    const onB = await alicePage(nodes.b, "/items/1");
    const tabB = await joinOn(nodes.b, onB.http, onB.page);
    await redis.stop();
    try {
      expect(await closeCodeOf(tabB.socket), "B lost the bus: it closes its sockets so they reconnect and re-check").toBe(RECHECK_CLOSE_CODE);
      expect(await closeCodeOf(tabA.socket), "so does A").toBe(RECHECK_CLOSE_CODE);
      expect(nodes.b.logs.join("\n")).toContain("disconnect bus lost");

      nodes.clearQueries();
      const { html, userQueries } = await pageLoadAcrossNodes();
      console.info(`Redis down, socket on the other node: ${userQueries.length} user queries per page load`);
      expect(html, "the right visitor, from B's loader").toContain('data-visitor="alice from the database"');
      expect(
        userQueries.map((q) => `${q.node} ${q.phase}`),
        "no handoff while Redis is down: the loader runs on B",
      ).toEqual(["A mount:dead", "B mount:connected"]);

      const again = await alicePage(nodes.a);
      const local = await joinOn(nodes.a, again.http, again.page);
      expect(nodes.a.app.live.disconnectSession(sessionIdOf(again.http), "logged out"), "the log-out closes A's own socket").toBe(1);
      expect(await closeCodeOf(local.socket)).toBe(CLOSE.loggedOut);
      await expect.poll(() => nodes.a.logs.join("\n"), { timeout: 3_000 }).toContain("could not tell the other nodes");
    } finally {
      await redis.start();
    }
  });

  it("recovers when Redis is back: the bus subscribes again and handoffs are adopted across nodes", async () => {
    nodes = await startTwoNodes(redis.url);
    await redis.stop();
    await expect.poll(() => nodes.b.logs.join("\n"), { timeout: 5_000 }).toContain("disconnect bus lost");
    await redis.start();
    await expect.poll(() => nodes.b.logs.join("\n"), { timeout: 10_000 }).toContain("disconnect bus subscribed again");
    await expect.poll(async () => (await pageLoadAcrossNodes()).userQueries.length, { timeout: 10_000, interval: 200 }).toBe(1);
    const { http, page } = await alicePage(nodes.b);
    const joined = await joinOn(nodes.b, http, page);
    nodes.a.app.live.disconnectSession(sessionIdOf(http), "logged out");
    expect(await closeCodeOf(joined.socket), "log-outs on A reach B again").toBe(CLOSE.loggedOut);
  });
});
