/**
 * `npm run bench`: statements per full page load of the mission page, and per
 * live navigation between the mission and the briefing, in five modes. Counts
 * are exact (the query hook); times are medians over many samples, measured
 * by a loopback client. The modes run interleaved (A B C D E A B C …), so a
 * noisy moment on a shared machine lands on all of them alike: read the times
 * as ratios. Prints a table; writes bench-results.json.
 *
 *   page loads   naive (assign)            step 02's solution: `assign` on both mounts
 *                assignNew, handoff off    step 03's solution without the render handoff (what Phoenix does)
 *                assignNew + handoff       step 03's solution as shipped
 *   navigations  carried                   step 04's solution: the hooks' values carried to the next view
 *                revalidateOnNavigate      step 04's solution, loading them again (what Phoenix does)
 *   across nodes each its own memory       step 07's solution as two processes, the page on A, its socket on B
 *                Redis                     the same with a private Redis (bench/cross-node.ts); skipped without redis-server
 *
 * `npm run bench -- --scale` runs the scale run instead (bench/scale.ts).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { crossNodeRunner, userQueriesByPhase } from "./bench/cross-node.ts";
import { runScale } from "./bench/scale.ts";
import { BENCH_SOCKET_LIMITS } from "./bench/socket-limits.ts";
import { findRedisServer, INSTALL_REDIS, startRedisServer, type RedisServer } from "./cluster/redis-server.ts";
import { buildTree } from "./course/chain.ts";
import { listSteps, resolveStep } from "./course/steps.ts";
import { removeDir, writeTree } from "./course/tree.ts";
import { HttpClient } from "./harness/http-client.ts";
import type { LiveClient } from "./harness/live-client.ts";
import { loadLivePage } from "./harness/page-load.ts";
import { REPO_ROOT, startApp, type RunningApp } from "./harness/start-app.ts";

if (process.argv.includes("--scale")) {
  await runScale();
  process.exit(0);
}

const SAMPLES = Number(process.env.BENCH_LOADS ?? 200);
const WARMUP_SAMPLES = 20;
const RESULTS_FILE = process.env.BENCH_RESULTS ?? join(REPO_ROOT, "bench-results.json");

type Kind = "page load" | "navigation" | "across two nodes";
type Mode = { name: string; step: string; kind: Kind; handoff: boolean; revalidateOnNavigate: boolean; redis?: boolean };

const MODES: Mode[] = [
  { name: "naive (assign)", step: "02", kind: "page load", handoff: true, revalidateOnNavigate: false },
  { name: "assignNew, handoff off", step: "03", kind: "page load", handoff: false, revalidateOnNavigate: false },
  { name: "assignNew + handoff", step: "03", kind: "page load", handoff: true, revalidateOnNavigate: false },
  { name: "navigate, carried", step: "04", kind: "navigation", handoff: true, revalidateOnNavigate: false },
  { name: "navigate, revalidateOnNavigate", step: "04", kind: "navigation", handoff: true, revalidateOnNavigate: true },
  { name: "two nodes, in memory", step: "07", kind: "across two nodes", handoff: true, revalidateOnNavigate: false, redis: false },
  { name: "two nodes, Redis", step: "07", kind: "across two nodes", handoff: true, revalidateOnNavigate: false, redis: true },
];

type Sample = { ms: number; users: Record<string, number>; statements: number };
type Runner = { mode: Mode; sample: () => Promise<Sample>; close: () => Promise<void> };

/** Starts the mode's app and returns a function that takes one sample. */
async function runnerFor(mode: Mode, dir: string, redis: RedisServer | null): Promise<Runner> {
  const live = { socket: BENCH_SOCKET_LIMITS, revalidateOnNavigate: mode.revalidateOnNavigate };
  if (mode.kind === "across two nodes") {
    const nodes = await crossNodeRunner(dir, mode.redis ? redis!.url : null, live, registeredAgent);
    return { mode, ...nodes };
  }
  const running = await startApp({ dir, handoff: mode.handoff, extra: { bcryptCost: 4, live } });
  const http = await registeredAgent(running.origin);
  if (mode.kind === "page load") {
    return { mode, close: () => running.close(), sample: () => pageLoad(mode, running, http) };
  }
  const first = await loadLivePage(running, http, "/mission");
  const socket = first.socket!;
  let to = "/briefing";
  const sample = async () => {
    const taken = await navigation(mode, running, socket, to);
    to = to === "/briefing" ? "/mission" : "/briefing";
    return taken;
  };
  const close = async () => {
    socket.close();
    await running.close();
  };
  return { mode, sample, close };
}

async function pageLoad(mode: Mode, running: RunningApp, http: HttpClient): Promise<Sample> {
  const load = await loadLivePage(running, http, "/mission");
  if (load.joined?.t !== "rendered") throw new Error(`${mode.name}: the mission did not mount (${JSON.stringify(load.joined)})`);
  load.socket?.close();
  return { ms: load.timings.httpMs + load.timings.joinMs, users: userQueriesByPhase(load.queries), statements: load.queries.length };
}

async function navigation(mode: Mode, running: RunningApp, socket: LiveClient, to: string): Promise<Sample> {
  running.clearQueries();
  const started = performance.now();
  const reply = await socket.navigate(to);
  const ms = performance.now() - started;
  if (reply.t !== "navigated") throw new Error(`${mode.name}: navigating to ${to} failed (${JSON.stringify(reply)})`);
  const queries = [...running.queries];
  return { ms, users: userQueriesByPhase(queries), statements: queries.length };
}

/** A logged-in client: registering logs the new user in; one page load takes the welcome flash. */
async function registeredAgent(origin: string): Promise<HttpClient> {
  const http = new HttpClient(origin);
  await http.get("/users/register");
  const reply = await http.post("/users/register", { email: "bench-agent@example.com", password: "correct horse battery staple" });
  if (reply.status !== 302) throw new Error(`registering the bench user failed (${reply.status})`);
  await http.get("/");
  return http;
}

type Result = ReturnType<typeof summarise>;

function summarise(mode: Mode, samples: Sample[]) {
  const perSample = (s: Sample) => JSON.stringify(s.users);
  if (samples.some((s) => perSample(s) !== perSample(samples[0]!))) throw new Error(`${mode.name}: user queries varied between samples`);
  const users = samples[0]!.users;
  const total = Object.values(users).reduce((sum, n) => sum + n, 0);
  return {
    mode: mode.name,
    kind: mode.kind,
    step: mode.step,
    handoff: mode.handoff,
    revalidateOnNavigate: mode.revalidateOnNavigate,
    samples: samples.length,
    userQueries: { ...users, total },
    statementsMedian: median(samples.map((s) => s.statements)),
    medianMs: median(samples.map((s) => s.ms)),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 1000) / 1000;
}

function printTable(results: Result[]) {
  console.log(`\n${SAMPLES} samples per mode, interleaved, after ${WARMUP_SAMPLES} warm-up samples each\n`);
  for (const kind of ["page load", "navigation", "across two nodes"] as const) {
    const rows = results.filter((r) => r.kind === kind);
    if (rows.length === 0) continue;
    const baseline = rows[0]!.medianMs;
    console.log(`${kind.padEnd(32)}user queries (by phase)                   total  all statements  median ms  vs first`);
    for (const r of rows) {
      const phases =
        Object.entries(r.userQueries)
          .filter(([phase]) => phase !== "total")
          .map(([phase, n]) => `${phase} ${n}`)
          .join(", ") || "none";
      console.log(
        `${r.mode.padEnd(32)}${phases.padEnd(42)}${String(r.userQueries.total).padStart(5)}${String(r.statementsMedian).padStart(16)}` +
          `${r.medianMs.toFixed(2).padStart(11)}${(r.medianMs / baseline).toFixed(2).padStart(9)}x`,
      );
    }
    console.log("");
  }
  console.log(`Results written to ${RESULTS_FILE}`);
}

async function main() {
  const redisPath = findRedisServer();
  if (!redisPath) console.warn(`skipping "two nodes, Redis": ${INSTALL_REDIS}`);
  const modes = MODES.filter((mode) => !mode.redis || redisPath);
  const steps = listSteps(REPO_ROOT);
  const dirs = new Map<string, string>();
  for (const step of new Set(modes.map((mode) => mode.step))) {
    const dir = join(REPO_ROOT, ".course", "tmp", `bench-${step}`);
    removeDir(dir);
    writeTree(dir, buildTree(steps, resolveStep(steps, step), "solution"));
    dirs.set(step, dir);
  }
  const runners: Runner[] = [];
  const redis = redisPath ? await startRedisServer(redisPath) : null;
  try {
    for (const mode of modes) runners.push(await runnerFor(mode, dirs.get(mode.step)!, redis));
    const samples = runners.map(() => [] as Sample[]);
    for (let i = 0; i < WARMUP_SAMPLES + SAMPLES; i++) {
      for (const [index, runner] of runners.entries()) {
        const sample = await runner.sample();
        if (i >= WARMUP_SAMPLES) samples[index]!.push(sample);
      }
    }
    const results = runners.map((runner, index) => summarise(runner.mode, samples[index]!));
    printTable(results);
    const machine = { node: process.version, platform: process.platform, at: new Date().toISOString() };
    writeFileSync(
      RESULTS_FILE,
      `${JSON.stringify({ benchmark: "mission-page-load-and-navigation", samples: SAMPLES, machine, results }, null, 2)}\n`,
    );
  } finally {
    for (const runner of runners) await runner.close();
    await redis?.stop();
    for (const dir of dirs.values()) removeDir(dir);
  }
}

await main();
