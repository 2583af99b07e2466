/**
 * Faults on two real node processes of the step 07 solution (started as the
 * step 07 checker starts them), sharing one SQLite file and a private Redis:
 * Redis killed in the middle of page loads, and a log-out while the bus is
 * down. Counted from each node's JSON query log. (A node killed under the
 * proxy is in cluster.test.ts.)
 */
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUS_DOWN_RECHECK_IN_MS, RECHECK_CLOSE_CODE } from "../../live/bus.ts";
import { buildTree } from "../../scripts/course/chain.ts";
import { coursePaths, TOOL_ROOT } from "../../scripts/course/context.ts";
import { listSteps, resolveStep } from "../../scripts/course/steps.ts";
import { removeDir, writeTree } from "../../scripts/course/tree.ts";
import { startAppNode, type AppNode } from "../../scripts/harness/app-node.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient, livePage, type LivePage } from "../../scripts/harness/live-client.ts";
import { logInAs, registerUser, uniqueEmail, type TestUser } from "../support/auth-fixtures.ts";
import { redisServerPath, startRedisServer, type RedisServer } from "../support/redis-server.ts";

const LOADS_BEFORE_KILL = 4;
const LOADS_AFTER_KILL = 6;

const redisPath = redisServerPath();

describe.skipIf(!redisPath)("two node processes when Redis fails", () => {
  const paths = coursePaths(TOOL_ROOT);
  const appDir = join(paths.tmp, `faults-app-${process.pid}`); // inside the repo, so the app's #live import resolves
  let dataDir: string;
  let redis: RedisServer;
  let a: AppNode;
  let b: AppNode;

  beforeAll(async () => {
    const steps = listSteps(TOOL_ROOT);
    removeDir(appDir);
    writeTree(appDir, buildTree(steps, resolveStep(steps, "07"), "solution"));
    dataDir = mkdtempSync(join(paths.tmp, "faults-data-"));
    redis = await startRedisServer(redisPath!);
    const options = { dir: appDir, databaseFile: join(dataDir, "app.db"), redisUrl: redis.url };
    a = await startAppNode("A", options);
    b = await startAppNode("B", options);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    removeDir(appDir);
    if (dataDir) removeDir(dataDir);
  });

  /** Waits until every node printed a line containing `text` (up to `withinMs`); returns whether they all did. */
  async function waitForLog(nodes: AppNode[], text: string, withinMs: number) {
    const deadline = performance.now() + withinMs;
    const all = () => nodes.every((node) => node.logs.some((line) => line.includes(text)));
    while (!all() && performance.now() < deadline) await new Promise((done) => setTimeout(done, 25));
    return all();
  }

  /** Each test looks for the log lines its own faults cause. */
  function forgetLogs() {
    a.logs.splice(0);
    b.logs.splice(0);
  }

  /** A registered agent, logged in on A by a browser of its own. */
  async function loggedIn(prefix: string): Promise<{ http: HttpClient; user: TestUser }> {
    const user = await registerUser(new HttpClient(a.origin), uniqueEmail(prefix));
    const http = new HttpClient(a.origin);
    await logInAs(http, user);
    await http.get("/"); // the log-in's flash is shown here, not on the pages measured
    return { http, user };
  }

  /**
   * Joins the page on `node` as the page's client would: if the node closes the
   * socket for a re-check before it renders, it reconnects without the handoff.
   */
  async function joinOn(node: AppNode, http: HttpClient, page: LivePage) {
    let rejoins = 0;
    let socket = await LiveClient.connect(http.sameBrowserOn(node.origin), page);
    let reply = await Promise.race([socket.join(page), socket.closed]);
    while ("code" in reply && reply.code === RECHECK_CLOSE_CODE && rejoins < 3) {
      rejoins++;
      socket = await LiveClient.connect(http.sameBrowserOn(node.origin), page, { handoff: false });
      reply = await Promise.race([socket.join(page, { handoff: null }), socket.closed]);
    }
    socket.close();
    return { html: "t" in reply && reply.t === "rendered" ? reply.html : JSON.stringify(reply), rejoins };
  }

  /** One page load, the page on `renderOn` and its socket on the other node; `midway` runs between the two. */
  async function pageLoad(http: HttpClient, renderOn: AppNode, midway: () => Promise<void> = async () => {}) {
    const joinNode = renderOn === a ? b : a;
    await Promise.all([a.clearQueries(), b.clearQueries()]);
    const reply = await http.sameBrowserOn(renderOn.origin).get("/mission");
    const page = livePage(reply.body, "/mission");
    await midway();
    const { html, rejoins } = await joinOn(joinNode, http, page);
    const queries = [...(await a.settledQueries()), ...(await b.settledQueries())];
    return { html, rejoins, userQueries: queries.filter((q) => q.loadsUser).length };
  }

  /** Loads pages (A renders, B joins) until one costs `count` user queries, for up to 10 s; returns the last count. */
  async function untilUserQueries(count: number, http: HttpClient) {
    const started = performance.now();
    let users = -1;
    while (users !== count && performance.now() - started < 10_000) users = (await pageLoad(http, a)).userQueries;
    return users;
  }

  it("falls back to the loader when Redis is killed in the middle of a page load: the right agent every time, 2 queries, log lines, no crash, and 1 again once it is back", async () => {
    forgetLogs();
    const agents = [await loggedIn("fault-1"), await loggedIn("fault-2")];
    const loads: { phase: string; users: number; rejoins: number }[] = [];
    const loadAs = async (index: number, phase: string, midway?: () => Promise<void>) => {
      const { http, user } = agents[index % agents.length]!;
      const load = await pageLoad(http, index % 2 ? b : a, midway);
      expect(load.html, `${phase}, page load ${index}: the page shows the agent who loaded it`).toContain(user.email);
      for (const other of agents) if (other.user !== user) expect(load.html).not.toContain(other.user.email);
      loads.push({ phase, users: load.userQueries, rejoins: load.rejoins });
    };

    await untilUserQueries(1, agents[0]!.http); // both nodes have connected to Redis
    for (let i = 0; i < LOADS_BEFORE_KILL; i++) await loadAs(i, "before");
    await loadAs(LOADS_BEFORE_KILL, "killed mid-load", () => redis.stop()); // the handoff is in Redis; its take is not
    for (let i = 1; i <= LOADS_AFTER_KILL; i++) await loadAs(LOADS_BEFORE_KILL + i, "down");
    console.info(`Redis killed while pages load: ${loads.map((l) => `${l.phase} ${l.users}`).join(", ")}`);

    expect(
      loads.filter((l) => l.phase === "before").map((l) => l.users),
      "with Redis up: 1 user query per page load",
    ).toEqual(Array(LOADS_BEFORE_KILL).fill(1));
    for (const load of loads.filter((l) => l.phase !== "before"))
      expect(load.users, `${load.phase}: the handoff misses, the loader runs once more (and once per re-check rejoin)`).toBe(2 + load.rejoins);
    for (const node of [a, b]) expect(node.process.isRunning(), `node ${node.name} is still running`).toBe(true);
    expect(await waitForLog([a, b], "disconnect bus lost", 2_000), "each node logs that it lost the bus").toBe(true);
    expect(await waitForLog([b], "missed: Redis did not answer", 0), "the node whose handoff failed logs the miss").toBe(true);

    await redis.start();
    expect(await waitForLog([a, b], "disconnect bus subscribed again", 10_000), "both nodes subscribe again").toBe(true);
    expect(await untilUserQueries(1, agents[0]!.http), "once Redis is back, B adopts A's handoffs again: 1 user query per page load").toBe(1);
  }, 40_000);

  it("closes, with a re-check code, a socket on B whose log-out on A could not reach it while the bus was down; its reconnect is not rendered", async () => {
    const { http } = await loggedIn("bus-down");
    forgetLogs();
    await redis.stop();
    try {
      expect(await waitForLog([a, b], "disconnect bus lost", 2_000)).toBe(true);
      // Opened after B noticed: the close when the bus was lost does not cover it, the periodic re-check does.
      const page = livePage((await http.get("/mission")).body, "/mission");
      const cookieBefore = http.cookieHeader();
      const tab = await LiveClient.connect(http.sameBrowserOn(b.origin), page);
      expect((await tab.join(page)).t, "the tab joins on B with Redis down").toBe("rendered");
      await http.get("/users/settings");
      const sent = performance.now();
      expect((await http.post("/users/log-out", {})).status, "the log-out on A answers (302)").toBe(302);
      const closed = await Promise.race([tab.closed, new Promise<null>((done) => setTimeout(() => done(null), BUS_DOWN_RECHECK_IN_MS + 2_000))]);
      const afterMs = performance.now() - sent;
      expect(closed?.code, "B must not keep serving the tab: it closes it for a re-check").toBe(RECHECK_CLOSE_CODE);
      expect(afterMs, `within one re-check period (${BUS_DOWN_RECHECK_IN_MS} ms)`).toBeLessThan(BUS_DOWN_RECHECK_IN_MS + 500);
      expect(await waitForLog([a], "could not tell the other nodes", 2_000), "A logs that the log-out did not leave it").toBe(true);

      const reconnect = await LiveClient.connect(http.sameBrowserOn(b.origin), page, { cookie: cookieBefore, handoff: false });
      const outcome = await Promise.race([reconnect.join(page, { handoff: null }), reconnect.closed]);
      reconnect.close();
      expect("t" in outcome && outcome.t === "rendered", `the reconnect reads the session again and finds it gone: ${JSON.stringify(outcome)}`).toBe(
        false,
      );
    } finally {
      await redis.start();
    }
  }, 30_000);
});
