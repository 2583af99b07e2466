/**
 * Two nodes of one app in this process: two fixture apps (fixture-app.ts) on
 * their own ports, sharing one SQLite file (WAL) and, when given, one Redis —
 * the way two processes behind a load balancer without sticky sessions would.
 * Every statement is counted by our own hook on each node's database handle,
 * tagged with the node it ran on.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { QueryLog } from "../../live/index.ts";
import { redisLiveBackends } from "../../live/redis.ts";
import { createFixtureApp, type FixtureApp } from "./fixture-app.ts";
import type { HttpClient } from "../../scripts/harness/http-client.ts";
import { TEST_SECRET, type CountedQuery } from "../../scripts/harness/start-app.ts";

export type NodeName = "A" | "B";
export type NodeQuery = CountedQuery & { node: NodeName };

export type Node = Awaited<ReturnType<typeof startNode>>;

async function startNode(name: NodeName, file: string, queries: NodeQuery[], redisUrl: string | null, options: TwoNodeOptions) {
  const queryLog = new QueryLog();
  const db = new Database(file, { verbose: queryLog.hook });
  db.pragma("journal_mode = WAL");
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  const redis = redisUrl ? redisLiveBackends(redisUrl, { log }) : null;
  await redis?.ready;
  const app: FixtureApp = createFixtureApp({
    database: db,
    secret: TEST_SECRET,
    origin,
    log,
    live: { handoffStore: options.memoryHandoffs ? undefined : redis?.handoffStore, bus: redis?.bus },
  });
  app.live.userTables.declare(["visitors"]); // the fixture's user: its visitor row
  queryLog.subscribe((event) => queries.push({ ...event, node: name, loadsUser: app.live.userTables.isUserQuery(event.sql) }));
  app.attach(server);
  return {
    name,
    app,
    origin,
    logs,
    async close() {
      app.close();
      await redis?.close();
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      db.close();
    },
  };
}

export type TwoNodeOptions = { memoryHandoffs?: boolean }; // keep each node's handoffs in its memory, even with Redis

/** Starts nodes A and B; `redisUrl: null` gives each node today's in-memory store and bus. */
export async function startTwoNodes(redisUrl: string | null, options: TwoNodeOptions = {}) {
  const tmp = mkdtempSync(join(tmpdir(), "live-auth-nodes-"));
  const file = join(tmp, "app.db");
  const queries: NodeQuery[] = [];
  const a = await startNode("A", file, queries, redisUrl, options);
  const b = await startNode("B", file, queries, redisUrl, options);
  return {
    a,
    b,
    queries,
    clearQueries: () => void queries.splice(0),
    userQueries: () => queries.filter((q) => q.loadsUser),
    async close() {
      await Promise.all([a.close(), b.close()]);
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** The same browser talking to another node, as a proxy without sticky sessions would send it: same cookies. */
export function sameBrowserOn(node: Node, http: HttpClient): HttpClient {
  return http.sameBrowserOn(node.origin);
}
