/**
 * The bench's cross-node rows: step 07's solution as two node processes
 * (started as the step 07 checker starts them) sharing a SQLite file; the
 * mission page rendered on node A and its socket joined on node B, as a proxy
 * without sticky sessions sends them. With a Redis URL the nodes share their
 * handoffs through it; without one each keeps its own in memory. User queries
 * are summed over both nodes' JSON query logs; the time is the page's GET plus
 * the socket's open and join, measured here.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startAppNode, type AppNode } from "../harness/app-node.ts";
import type { HttpClient } from "../harness/http-client.ts";
import { LiveClient, livePage } from "../harness/live-client.ts";
import type { CountedQuery } from "../harness/start-app.ts";

export type CrossNodeSample = { ms: number; users: Record<string, number>; statements: number };

/** Starts nodes A and B of the app in `dir`; returns a page-load sampler and a close. */
export async function crossNodeRunner(
  dir: string,
  redisUrl: string | null,
  live: Record<string, unknown>,
  logIn: (origin: string) => Promise<HttpClient>,
) {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-nodes-"));
  const options = { dir, databaseFile: join(dataDir, "app.db"), redisUrl: redisUrl ?? undefined, live };
  const nodes: AppNode[] = [];
  const close = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  };
  let http: HttpClient;
  try {
    nodes.push(await startAppNode("A", options)); // A first: it runs the migrations
    nodes.push(await startAppNode("B", options));
    http = await logIn(nodes[0]!.origin);
  } catch (error) {
    await close();
    throw error;
  }
  const [a, b] = nodes as [AppNode, AppNode];

  async function sample(): Promise<CrossNodeSample> {
    await Promise.all([a.clearQueries(), b.clearQueries()]);
    const started = performance.now();
    const page = livePage((await http.get("/mission")).body, "/mission");
    const socket = await LiveClient.connect(http.sameBrowserOn(b.origin), page);
    const joined = await socket.join(page);
    const ms = performance.now() - started;
    socket.close();
    if (joined.t !== "rendered") throw new Error(`across nodes: the mission did not mount on B (${JSON.stringify(joined)})`);
    const [onA, onB] = await Promise.all([a.settledQueries(), b.settledQueries()]);
    return { ms, users: { ...userQueriesByPhase(onA, "A "), ...userQueriesByPhase(onB, "B ") }, statements: onA.length + onB.length };
  }

  return { sample, close };
}

/** How many user-loading statements ran in each phase, keyed "<prefix><phase>" (the bench's rows; a node's name as prefix here). */
export function userQueriesByPhase(queries: CountedQuery[], prefix = ""): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const query of queries.filter((q) => q.loadsUser)) counts[`${prefix}${query.phase}`] = (counts[`${prefix}${query.phase}`] ?? 0) + 1;
  return counts;
}
