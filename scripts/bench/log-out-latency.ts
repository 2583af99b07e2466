/**
 * How long a log-out on node A takes to close the session's socket on node B:
 * the page rendered on A, its socket joined on B, then POST /users/log-out on A,
 * timed until B closes the socket. `runs` times, each with a fresh log-in.
 */
import { performance } from "node:perf_hooks";
import type { AppNode } from "../harness/app-node.ts";
import { HttpClient } from "../harness/http-client.ts";
import { LiveClient, livePage } from "../harness/live-client.ts";

const PASSWORD = "correct horse battery staple";
const CLOSED_WITHIN_MS = 5_000;

export async function logOutLatencies(a: AppNode, b: AppNode, runs: number) {
  const email = `latency-${Date.now()}@example.com`;
  const registering = new HttpClient(a.origin);
  await registering.get("/users/register");
  if ((await registering.post("/users/register", { email, password: PASSWORD })).status !== 302)
    throw new Error("registering the latency agent failed");
  const latencies: number[] = [];
  for (let run = 0; run < runs; run++) {
    const http = new HttpClient(a.origin);
    await http.get("/users/log-in");
    if ((await http.post("/users/log-in", { email, password: PASSWORD })).status !== 302) throw new Error("logging the latency agent in failed");
    await http.get("/");
    const page = livePage((await http.get("/mission")).body, "/mission");
    const socket = await LiveClient.connect(http.sameBrowserOn(b.origin), page);
    if ((await socket.join(page)).t !== "rendered") throw new Error("the latency agent's mission did not join on B");
    await http.get("/users/settings"); // a page with the log-out form's _csrf
    const sent = performance.now();
    await http.post("/users/log-out", {});
    const closed = await Promise.race([
      socket.closed.then(() => true),
      new Promise<false>((done) => setTimeout(() => done(false), CLOSED_WITHIN_MS)),
    ]);
    if (!closed) throw new Error(`a log-out on A left the socket on B open for ${CLOSED_WITHIN_MS} ms`);
    latencies.push(performance.now() - sent);
  }
  const sorted = [...latencies].sort((x, y) => x - y);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { runs, medianMs: round(sorted[Math.floor(sorted.length / 2)]!), minMs: round(sorted[0]!), maxMs: round(sorted.at(-1)!) };
}
