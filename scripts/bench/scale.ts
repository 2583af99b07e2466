/**
 * `npm run bench -- --scale`: many joined sockets across two node processes
 * of step 07's solution (sharing a SQLite file and a private Redis), and the
 * log-out broadcast latency while they are open. Writes bench-scale-results.json.
 *
 *   SCALE_SOCKETS   joined sockets in total, half on each node (default 20000)
 *   SCALE_SESSIONS  logged-in agents the sockets belong to (default 40): each holds SOCKETS / SESSIONS tabs;
 *                   registrations from one address are rate limited, so a few dozen at most
 *
 * Memory per socket is each node's own reading (process.memoryUsage after a
 * garbage collection) with the sockets open minus the same reading before they
 * opened, divided by the sockets it holds: RSS (what the process takes from the
 * machine) and the JS heap plus buffers. The sockets come from client processes
 * (scale-client.ts) of at most SOCKETS_PER_CLIENT_PROCESS each: a process may
 * hold only `ulimit -n` open files, and so may each node.
 */
import { spawn, execSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { findRedisServer, INSTALL_REDIS, startRedisServer, type RedisServer } from "../cluster/redis-server.ts";
import { buildTree } from "../course/chain.ts";
import { listSteps, resolveStep } from "../course/steps.ts";
import { removeDir, writeTree } from "../course/tree.ts";
import { startAppNode, type AppNode } from "../harness/app-node.ts";
import { HttpClient } from "../harness/http-client.ts";
import { livePage } from "../harness/live-client.ts";
import { REPO_ROOT } from "../harness/start-app.ts";
import { logOutLatencies } from "./log-out-latency.ts";
import { SCALE_SOCKET_LIMITS } from "./socket-limits.ts";

const SOCKETS = Number(process.env.SCALE_SOCKETS ?? 20_000);
const SESSIONS = Number(process.env.SCALE_SESSIONS ?? 40);
const SOCKETS_PER_CLIENT_PROCESS = 9_000; // under a 20,000 open-file limit with room to spare
const CONCURRENT_JOINS_PER_CLIENT = 50;
const OPEN_FILES_BESIDE_SOCKETS = 200; // a node's own: node and tsx, SQLite, Redis, stdio
const LATENCY_RUNS = 11;
const RESULTS_FILE = process.env.BENCH_SCALE_RESULTS ?? join(REPO_ROOT, "bench-scale-results.json");
const PASSWORD = "correct horse battery staple";

type Target = { origin: string; cookie: string; csrf: string; token: string; path: string };
type ClientResult = { joined: number; byOrigin: Record<string, number>; failed: number; firstFailure: string | null };
const KIB = 1024;

export async function runScale() {
  const redisPath = findRedisServer();
  if (!redisPath) throw new Error(`the scale run needs redis-server. ${INSTALL_REDIS}`);
  const openFiles = execSync("ulimit -n", { shell: "/bin/sh", encoding: "utf8" }).trim();
  console.log(`Scale run: ${SOCKETS} sockets for ${SESSIONS} agents on two nodes (open files per process: ${openFiles})`);
  if (Number(openFiles) < SOCKETS / 2 + OPEN_FILES_BESIDE_SOCKETS)
    console.warn(
      `Each node will hold ${SOCKETS / 2} sockets and may open only ${openFiles} files: expect failures (raise ulimit -n or lower SCALE_SOCKETS).`,
    );
  const dir = join(REPO_ROOT, ".course", "tmp", "bench-scale-07");
  removeDir(dir);
  const steps = listSteps(REPO_ROOT);
  writeTree(dir, buildTree(steps, resolveStep(steps, "07"), "solution"));
  const dataDir = mkdtempSync(join(tmpdir(), "bench-scale-"));
  let redis: RedisServer | null = null;
  const nodes: AppNode[] = [];
  const clients: ChildProcess[] = [];
  try {
    redis = await startRedisServer(redisPath);
    const options = { dir, databaseFile: join(dataDir, "app.db"), redisUrl: redis.url, live: { socket: SCALE_SOCKET_LIMITS }, exposeGc: true };
    nodes.push(await startAppNode("A", options));
    nodes.push(await startAppNode("B", options));
    const [a, b] = nodes as [AppNode, AppNode];
    const targets = await agentTargets(a, b);
    const before = await Promise.all(nodes.map((node) => node.memory()));
    const started = performance.now();
    const results = await openSockets(targets, clients);
    const openMs = performance.now() - started;
    const after = await Promise.all(nodes.map((node) => node.memory()));
    const joined = results.reduce((sum, r) => sum + r.joined, 0);
    const failed = results.reduce((sum, r) => sum + r.failed, 0);
    const perNode = nodes.map((node, i) => {
      const held = results.reduce((sum, r) => sum + (r.byOrigin[node.origin] ?? 0), 0);
      const heap = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external + m.arrayBuffers;
      return {
        node: node.name,
        sockets: held,
        rssKiBPerSocket: round((after[i]!.rss - before[i]!.rss) / held / KIB),
        heapKiBPerSocket: round((heap(after[i]!) - heap(before[i]!)) / held / KIB),
        rssMiB: { before: round(before[i]!.rss / KIB / KIB), after: round(after[i]!.rss / KIB / KIB) },
      };
    });
    const latencies = await logOutLatencies(a, b, LATENCY_RUNS);
    const report = { sockets: SOCKETS, sessions: SESSIONS, joined, failed, firstFailure: results.find((r) => r.firstFailure)?.firstFailure ?? null };
    const summary = { ...report, openFiles, openSeconds: round(openMs / 1000), perNode, logOutOnAClosesSocketOnB: latencies };
    printSummary(summary);
    const machine = { node: process.version, platform: process.platform, at: new Date().toISOString() };
    writeFileSync(RESULTS_FILE, `${JSON.stringify({ benchmark: "scale-two-nodes", machine, ...summary }, null, 2)}\n`);
    console.log(`Results written to ${RESULTS_FILE}`);
  } finally {
    for (const client of clients) client.stdin?.end("close\n");
    await Promise.all(nodes.map((node) => node.stop()));
    await redis?.stop();
    removeDir(dir);
    removeDir(dataDir);
  }
}

/** SESSIONS registered agents, each with its mission page: a target on A and one on B. */
async function agentTargets(a: AppNode, b: AppNode): Promise<Target[]> {
  const targets: Target[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const http = new HttpClient(a.origin);
    await http.get("/users/register");
    const reply = await http.post("/users/register", { email: `scale-${i}@example.com`, password: PASSWORD });
    if (reply.status !== 302) throw new Error(`registering scale agent ${i} failed (${reply.status})`);
    await http.get("/");
    const page = livePage((await http.get("/mission")).body, "/mission");
    for (const node of [a, b])
      targets.push({ origin: node.origin, cookie: http.cookieHeader(), csrf: page.csrf!, token: page.token, path: page.path });
  }
  return targets;
}

/** Spreads SOCKETS over client processes; resolves once each has joined its share. */
async function openSockets(targets: Target[], clients: ChildProcess[]): Promise<ClientResult[]> {
  const processes = Math.ceil(SOCKETS / SOCKETS_PER_CLIENT_PROCESS);
  const shares = Array.from({ length: processes }, (_, i) => Math.floor(SOCKETS / processes) + (i < SOCKETS % processes ? 1 : 0));
  let progress = 0;
  return Promise.all(
    shares.map((count) => {
      const client = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "scale-client.ts")], {
        cwd: REPO_ROOT,
        stdio: ["pipe", "pipe", "inherit"],
      });
      clients.push(client);
      client.stdin!.write(`${JSON.stringify({ targets, count, concurrency: CONCURRENT_JOINS_PER_CLIENT })}\n`);
      return new Promise<ClientResult>((done, fail) => {
        client.once("exit", (code) => fail(new Error(`a client process exited (${code}) before its sockets joined`)));
        createInterface({ input: client.stdout! }).on("line", (line) => {
          const message = JSON.parse(line);
          if (message.progress) {
            progress += 1_000;
            process.stdout.write(`\r  ${progress} sockets joined…`);
          }
          if (message.joined !== undefined) {
            client.removeAllListeners("exit");
            done(message);
          }
        });
      });
    }),
  ).finally(() => process.stdout.write("\n"));
}

type Summary = Record<string, unknown> & {
  joined: number;
  failed: number;
  firstFailure: string | null;
  openSeconds: number;
  perNode: { node: string; sockets: number; rssKiBPerSocket: number; heapKiBPerSocket: number; rssMiB: { before: number; after: number } }[];
  logOutOnAClosesSocketOnB: { runs: number; medianMs: number; minMs: number; maxMs: number };
};

function printSummary(summary: Summary) {
  const { joined, openSeconds, failed, firstFailure } = summary;
  console.log(`\n${joined} sockets joined in ${openSeconds} s, ${failed} failed${firstFailure ? ` (first: ${firstFailure})` : ""}\n`);
  console.log("node  sockets  RSS before → after (MiB)  RSS per socket  heap+buffers per socket");
  for (const node of summary.perNode) {
    const rss = `${node.rssMiB.before} → ${node.rssMiB.after}`;
    console.log(
      `${node.node.padEnd(6)}${String(node.sockets).padStart(7)}  ${rss.padEnd(25)}${`${node.rssKiBPerSocket} KiB`.padStart(14)}${`${node.heapKiBPerSocket} KiB`.padStart(25)}`,
    );
  }
  const latency = summary.logOutOnAClosesSocketOnB;
  console.log(
    `\nlog-out on A → its socket on B closed, ${latency.runs} runs with the sockets open: median ${latency.medianMs} ms (min ${latency.minMs}, max ${latency.maxMs})\n`,
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
