/**
 * `npm run bench`: user-loading statements and time per full page load of the
 * mission page, in three modes. Counts are exact (the query hook); times are
 * medians over many loads, measured by a loopback client, so read them as
 * ratios on a shared machine. Prints a table; writes bench-results.json.
 *
 *   naive                      step 02's solution: `assign` on both mounts
 *   assignNew, handoff off     step 03's solution without the render handoff (what Phoenix does)
 *   assignNew + handoff        step 03's solution as shipped
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildTree } from "./course/chain.ts";
import { listSteps, resolveStep } from "./course/steps.ts";
import { removeDir, writeTree } from "./course/tree.ts";
import { countPhases } from "../test/support/query-table.ts";
import { loadLivePage } from "../test/support/page-load.ts";
import { REPO_ROOT, startApp } from "../test/support/start-app.ts";
import { HttpClient } from "../test/support/http-client.ts";

const LOADS = Number(process.env.BENCH_LOADS ?? 200);
const WARMUP_LOADS = 20;
const RESULTS_FILE = process.env.BENCH_RESULTS ?? join(REPO_ROOT, "bench-results.json");

// One client opening sockets as fast as it can is what the per-address cap is for: lift it here.
const BENCH_SOCKET_LIMITS = { upgradesPerSecondPerAddress: 1_000_000, upgradeBurstPerAddress: 1_000_000 };

type Mode = { name: string; step: string; handoff: boolean };

const MODES: Mode[] = [
  { name: "naive (assign)", step: "02", handoff: true },
  { name: "assignNew, handoff off", step: "03", handoff: false },
  { name: "assignNew + handoff", step: "03", handoff: true },
];

type Result = {
  mode: string;
  step: string;
  handoff: boolean;
  loads: number;
  userQueriesPerLoad: { http: number; "mount:dead": number; "mount:connected": number; total: number };
  medianMs: { http: number; join: number; total: number };
};

async function measure(mode: Mode, appDir: string): Promise<Result> {
  const running = await startApp({ dir: appDir, handoff: mode.handoff, extra: { bcryptCost: 4, live: { socket: BENCH_SOCKET_LIMITS } } });
  try {
    const http = await registeredAgent(running.origin);
    const samples: { http: number; join: number; users: ReturnType<typeof countPhases> }[] = [];
    for (let i = 0; i < WARMUP_LOADS + LOADS; i++) {
      const load = await loadLivePage(running, http, "/mission");
      if (load.joined?.t !== "rendered") throw new Error(`${mode.name}: the mission did not mount (${JSON.stringify(load.joined)})`);
      load.socket?.close();
      if (i >= WARMUP_LOADS) {
        samples.push({ http: load.timings.httpMs, join: load.timings.joinMs, users: countPhases(load.queries, (q) => q.loadsUser) });
      }
    }
    return summarise(mode, samples);
  } finally {
    await running.close();
  }
}

/** A logged-in client: registering logs the new user in. */
async function registeredAgent(origin: string): Promise<HttpClient> {
  const http = new HttpClient(origin);
  await http.get("/users/register");
  const reply = await http.post("/users/register", { email: "bench-agent@example.com", password: "correct horse battery staple" });
  if (reply.status !== 302) throw new Error(`registering the bench user failed (${reply.status})`);
  return http;
}

function summarise(mode: Mode, samples: { http: number; join: number; users: ReturnType<typeof countPhases> }[]): Result {
  const first = samples[0]!.users;
  const varying = samples.find((s) => JSON.stringify(s.users) !== JSON.stringify(first));
  if (varying) throw new Error(`${mode.name}: user queries per load varied between loads`);
  const perLoad = { http: first.http, "mount:dead": first["mount:dead"], "mount:connected": first["mount:connected"] };
  return {
    mode: mode.name,
    step: mode.step,
    handoff: mode.handoff,
    loads: samples.length,
    userQueriesPerLoad: { ...perLoad, total: perLoad.http + perLoad["mount:dead"] + perLoad["mount:connected"] },
    medianMs: {
      http: median(samples.map((s) => s.http)),
      join: median(samples.map((s) => s.join)),
      total: median(samples.map((s) => s.http + s.join)),
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 1000) / 1000;
}

function printTable(results: Result[]) {
  const baseline = results[0]!.medianMs.total;
  console.log(`\nMission page, ${LOADS} loads per mode (after ${WARMUP_LOADS} warm-up loads)\n`);
  console.log("mode                      user queries: http  dead  connected  total   median ms: http   join  total  vs naive");
  for (const r of results) {
    const q = r.userQueriesPerLoad;
    const m = r.medianMs;
    console.log(
      `${r.mode.padEnd(26)}${String(q.http).padStart(18)}${String(q["mount:dead"]).padStart(6)}${String(q["mount:connected"]).padStart(11)}` +
        `${String(q.total).padStart(7)}${m.http.toFixed(2).padStart(17)}${m.join.toFixed(2).padStart(7)}${m.total.toFixed(2).padStart(7)}` +
        `${(m.total / baseline).toFixed(2).padStart(9)}x`,
    );
  }
  console.log(`\nResults written to ${RESULTS_FILE}`);
}

async function main() {
  const steps = listSteps(REPO_ROOT);
  const results: Result[] = [];
  for (const mode of MODES) {
    const dir = join(REPO_ROOT, ".course", "tmp", `bench-${mode.step}`);
    removeDir(dir);
    writeTree(dir, buildTree(steps, resolveStep(steps, mode.step), "solution"));
    try {
      results.push(await measure(mode, dir));
    } finally {
      removeDir(dir);
    }
  }
  printTable(results);
  const machine = { node: process.version, platform: process.platform, at: new Date().toISOString() };
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ benchmark: "mission-page-load", loads: LOADS, machine, results }, null, 2)}\n`);
}

await main();
