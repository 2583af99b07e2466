/**
 * Checker for step 07: more than one node. Two processes run the learner's app
 * (scripts/harness/node-main.ts, started as `npm run app:cluster` starts its
 * nodes), sharing one SQLite file (WAL) and one Redis (a private redis-server
 * on a free port), as two nodes behind a load balancer without sticky sessions
 * would: the page is rendered on node A and its socket joins node B. Each node
 * prints every statement our hook on its database sees as a JSON line (the
 * LIVE_QUERY_LOG=json format); a page load's count is the sum over both nodes.
 *
 * The app gets the Redis URL as createApp's `redisUrl` option (main.ts passes
 * REDIS_URL); what it does with it is the exercise.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRedisServer, INSTALL_REDIS, REDIS_SERVER_PATH, startRedisServer, type RedisServer } from "../../scripts/cluster/redis-server.ts";
import { logInAs, registerUser, uniqueEmail, VALID_PASSWORD, type TestUser } from "../support/auth-fixtures.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient, livePage, type LivePage } from "../../scripts/harness/live-client.ts";
import { queryTable } from "../support/query-table.ts";
import { redisClientCount, untilSubscribed } from "../support/redis-server.ts";
import { report } from "../support/report.ts";
import { startAppNode, type AppNode } from "../../scripts/harness/app-node.ts";
import type { CountedQuery } from "../../scripts/harness/start-app.ts";

const CLOSE_WITHIN_MS = 500;
const LATENCY_RUNS = 11; // an odd count: the median is one measured log-out
const PAGE_LOADS = 5;
const SUBSCRIBED_WITHIN_MS = 3_000; // how long the nodes get to connect to Redis before the checks start
const NODES_START_WITHIN_MS = 60_000; // two processes compile and start the app, one after the other
const BUS_LOST_WITHIN_MS = 2_000; // how long the nodes get to notice that Redis stopped
const APP_TS = "app/app.ts";
const WIRE_HANDOFFS = `in ${APP_TS}, pass createLive the handoffStore of redisLiveBackends(options.redisUrl)`;
const WIRE_BUS = `in ${APP_TS}, pass createLive the bus of redisLiveBackends(options.redisUrl): it carries disconnects to the other nodes`;

const redisPath = findRedisServer();

if (!redisPath) {
  describe("§ Redis on this machine", () => {
    it("needs redis-server to run two nodes of your app", () => {
      expect.fail(
        `This step runs two nodes of your app on a real Redis, and ${REDIS_SERVER_PATH} is not there. ${INSTALL_REDIS} Then run \`npx course check 07\` again.`,
      );
    });
  });
} else {
  let redis: RedisServer;
  let a: AppNode;
  let b: AppNode;
  let dataDir: string;
  const nodeOptions = () => ({ databaseFile: join(dataDir, "app.db"), redisUrl: redis.url });
  beforeAll(async () => {
    redis = await startRedisServer(redisPath);
    dataDir = mkdtempSync(join(tmpdir(), "live-auth-07-"));
    a = await startAppNode("A", nodeOptions()); // A first: it runs the migrations on the shared file
    b = await startAppNode("B", nodeOptions());
    await subscribedClients(2);
  }, NODES_START_WITHIN_MS);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const redisClients = (options?: { subscribed?: boolean }) => redisClientCount(redis.url, options);
  const subscribedClients = (count: number) => untilSubscribed(redis.url, count, SUBSCRIBED_WITHIN_MS);

  /** A registered agent, logged in on node A. */
  async function agentOnA(prefix: string): Promise<{ http: HttpClient; user: TestUser }> {
    const user = await registerUser(new HttpClient(a.origin), uniqueEmail(prefix));
    return { http: await logInOnA(user), user };
  }

  async function logInOnA(user: TestUser): Promise<HttpClient> {
    const http = new HttpClient(a.origin);
    await logInAs(http, user);
    await http.get("/"); // the log-in's flash is shown here, not on the page measured
    return http;
  }

  /** The mission rendered on node A (the browser `http` talks to A); its socket opened and joined on `joinOn`. */
  async function missionOnA(http: HttpClient, joinOn: AppNode) {
    const reply = await http.get("/mission");
    expect(reply.status, "a logged-in agent's GET /mission should render the page (200)").toBe(200);
    const page = livePage(reply.body, "/mission");
    return { page, ...(await joinPage(http, page, joinOn)) };
  }

  async function joinPage(http: HttpClient, page: LivePage, on: AppNode) {
    const socket = await LiveClient.connect(http.sameBrowserOn(on.origin), page);
    const joined = await socket.join(page);
    expect(joined.t, "the mission's socket should join and render").toBe("rendered");
    return { socket, html: joined.t === "rendered" ? joined.html : "" };
  }

  async function clearQueries() {
    await Promise.all([a.clearQueries(), b.clearQueries()]);
  }

  /** The statements each node ran since clearQueries, once both nodes' query logs have been read up to now. */
  async function queriesOf() {
    const [onA, onB] = await Promise.all([a.settledQueries(), b.settledQueries()]);
    return { onA, onB };
  }

  const loadingUser = (queries: CountedQuery[]) => queries.filter((q) => q.loadsUser).length;

  const isOpen = (socket: LiveClient) => socket.ws.readyState === socket.ws.OPEN;

  /** Resolves with how long after `since` the socket closed, or null if it is still open `withinMs` after it. */
  async function closedWithin(socket: LiveClient, since: number, withinMs: number): Promise<number | null> {
    const closedAt = socket.closed.then(() => performance.now() - since);
    const timeout = new Promise<null>((done) => setTimeout(() => done(null), Math.max(0, since + withinMs - performance.now())));
    return Promise.race([closedAt, timeout]);
  }

  describe("§ A page rendered on node A, its socket on node B", () => {
    it("loads the user once per page load: B adopts the handoff A left in Redis", async () => {
      const { http, user } = await agentOnA("across");
      const counts: number[] = [];
      for (let load = 0; load < PAGE_LOADS; load++) {
        await clearQueries();
        const { socket, html } = await missionOnA(http, b);
        socket.close();
        expect(html, "B renders the agent who loaded the page").toContain(user.email);
        const { onA, onB } = await queriesOf();
        counts.push(loadingUser(onA) + loadingUser(onB));
        if (load > 0) continue;
        report(queryTable("Step 07 — /mission rendered on node A:", onA, { total: false }));
        const title = "          its socket joined on node B:";
        report(
          onB.length > 0
            ? queryTable(title, onB, { total: false })
            : `${title}\n  no statements (the page's session and values came from the handoff)`,
        );
        report(`  => user loads for this page load: A ${loadingUser(onA)} + B ${loadingUser(onB)} = ${counts[0]}`);
      }
      report(`  => ${PAGE_LOADS} page loads across the nodes: ${counts.join(", ")} user queries\n`);
      expect(
        counts,
        `every page load should load the user once; ${Math.max(...counts)} means B missed A's render handoff and ran the loader again — ${WIRE_HANDOFFS}`,
      ).toEqual(counts.map(() => 1));
    });

    it("spends a handoff taken on B for A too: the same page joined again on A loads the user itself", async () => {
      const { http, user } = await agentOnA("replay");
      const first = await missionOnA(http, b);
      await clearQueries();
      const replay = await joinPage(http, first.page, a);
      first.socket.close();
      replay.socket.close();
      expect(replay.html, "the replay shows the right agent, from the loader").toContain(user.email);
      const { onA } = await queriesOf();
      expect(
        loadingUser(onA),
        `A adopted a handoff that B had already taken: a handoff is single-use on every node, so A's handoffs must live where B takes them — ${WIRE_HANDOFFS}`,
      ).toBe(1);
    });
  });

  describe("§ Log-out and password changes reach every node", () => {
    it(`closes the session's socket on B within ${CLOSE_WITHIN_MS} ms of a log-out on A, in each of ${LATENCY_RUNS} runs`, async () => {
      const { user } = await agentOnA("logout");
      const latencies: number[] = [];
      for (let run = 0; run < LATENCY_RUNS; run++) {
        const http = await logInOnA(user);
        const { socket } = await missionOnA(http, b);
        await http.get("/users/settings"); // on A: a page with the log-out form and its _csrf
        const sent = performance.now();
        const reply = await http.post("/users/log-out", {});
        expect(reply.status, "POST /users/log-out should redirect (302)").toBe(302);
        const ms = await closedWithin(socket, sent, CLOSE_WITHIN_MS);
        if (isOpen(socket)) socket.close();
        expect(ms, `a log-out on A left the session's socket on B open: A closed its own sockets only — ${WIRE_BUS}`).not.toBeNull();
        latencies.push(ms!);
      }
      const sorted = [...latencies].sort((x, y) => x - y);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      report(
        `Step 07 — POST /users/log-out on A → its socket on B closed, ${LATENCY_RUNS} runs: median ${median.toFixed(1)} ms, ` +
          `min ${sorted[0]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms\n`,
      ); // every run already closed within CLOSE_WITHIN_MS, or failed above: the median is reported, not asserted
    });

    it(`closes the user's socket on A within ${CLOSE_WITHIN_MS} ms of a password change on B`, async () => {
      const { http, user } = await agentOnA("password");
      const { socket } = await missionOnA(http, a);
      const onB = http.sameBrowserOn(b.origin);
      await onB.get("/users/settings");
      const sent = performance.now();
      const newPassword = `${VALID_PASSWORD} 2`;
      const reply = await onB.post("/users/settings/password", {
        password: newPassword,
        password_confirmation: newPassword,
        current_password: user.password,
      });
      expect(reply.status, "POST /users/settings/password on B with the right current password should redirect (302)").toBe(302);
      const ms = await closedWithin(socket, sent, CLOSE_WITHIN_MS);
      if (isOpen(socket)) socket.close();
      expect(ms, `a password change on B left the user's socket on A open — ${WIRE_BUS}`).not.toBeNull();
    });
  });

  describe("§ Closing the app", () => {
    it(
      "connects to Redis when it is given redisUrl, and closes the connections when the app closes",
      async () => {
        const before = await redisClients();
        const node = await startAppNode("C", nodeOptions());
        try {
          await subscribedClients(3);
          const opened = (await redisClients()) - before;
          expect(opened, `an app given redisUrl opened no connection to Redis — ${WIRE_BUS}`).toBeGreaterThan(0);
          await node.closeApp();
          await expectClosedConnections(before, opened);
        } finally {
          await node.stop();
        }
      },
      NODES_START_WITHIN_MS,
    );
  });

  /** Waits (up to CLOSE_WITHIN_MS) for Redis to have no more connections than `before`. */
  async function expectClosedConnections(before: number, opened: number) {
    const deadline = performance.now() + CLOSE_WITHIN_MS;
    while (performance.now() < deadline && (await redisClients()) > before) await new Promise((done) => setTimeout(done, 25));
    const left = (await redisClients()) - before;
    expect(
      left,
      `the app opened ${opened} connections to Redis and left ${left} open after close(): in ${APP_TS}, close() should \`await redis?.close()\``,
    ).toBe(0);
  }

  describe("§ When Redis stops", () => {
    it("loads pages with 2 user queries each, for the right agents, and both nodes keep serving", async () => {
      const agents = [await agentOnA("outage-1"), await agentOnA("outage-2")];
      await redis.stop();
      try {
        // A node that notices the bus is gone closes its sockets once, at once: wait for that, so no page below is caught in it.
        const deadline = performance.now() + BUS_LOST_WITHIN_MS;
        while (performance.now() < deadline && ![a, b].every((node) => node.logs.some((line) => line.includes("bus lost"))))
          await new Promise((done) => setTimeout(done, 25));
        const counts: number[] = [];
        for (const { http, user } of [...agents, ...agents]) {
          await clearQueries();
          const { socket, html } = await missionOnA(http, b);
          socket.close();
          expect(html, "with Redis stopped, B must still render the agent who loaded the page, from its own query").toContain(user.email);
          const { onA, onB } = await queriesOf();
          counts.push(loadingUser(onA) + loadingUser(onB));
        }
        report(`Step 07 — Redis stopped: ${counts.length} page loads across the nodes: ${counts.join(", ")} user queries\n`);
        expect(counts, "with Redis stopped, the handoff misses and B runs the loader: 2 user queries per page load").toEqual(counts.map(() => 2));
        for (const node of [a, b]) {
          expect(node.process.isRunning(), `node ${node.name} exited when Redis stopped: its last lines:\n${node.logs.slice(-10).join("\n")}`).toBe(
            true,
          );
          expect((await new HttpClient(node.origin).get("/")).status, `node ${node.name} should still answer GET / with Redis stopped`).toBe(200);
        }
      } finally {
        await redis.start();
      }
    });
  });
}
