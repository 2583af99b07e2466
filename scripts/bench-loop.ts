/**
 * `npm run bench:loop`: how long the learner's check loop takes, in a scratch
 * copy of the course (app/ = each step's solution, so every check runs).
 * Medians of BENCH_LOOP_RUNS runs (default 7): read them as ratios on a
 * shared machine. Prints a table; writes .course/bench-loop.json.
 *
 *   cold check     `course check NN`, nothing else running
 *   warm check     `course check NN` while `course watch NN` runs
 *
 * Both run the CLI as `node --import=tsx scripts/course.ts`; the phases line
 * says what `npx` adds on top.
 *   watch re-check from a save in app/ to `course watch` printing the result
 *
 * The phases line says where a cold check's time goes: node itself, the CLI
 * under tsx, the syntax check (esbuild), the type check (tsc, beside vitest)
 * and vitest run directly on step 00's checker.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findSyntaxProblems } from "./course/check/syntax.ts";
import { findTypeErrors } from "./course/check/types.ts";
import { coursePaths, TOOL_ROOT } from "./course/context.ts";

const RUNS = Number(process.env.BENCH_LOOP_RUNS ?? 7);
const STEPS = ["00", "01", "02", "03"];
const COPIED = ["live", "scripts", "steps", "solutions", "lessons", "test", "package.json", "tsconfig.json", "vitest.steps.config.ts"];
const RESULTS_FILE = path.join(TOOL_ROOT, ".course", "bench-loop.json");
const COURSE = [process.execPath, "--import=tsx", path.join("scripts", "course.ts")];

const root = fs.mkdtempSync(path.join(os.tmpdir(), "course-bench-"));
for (const entry of COPIED) fs.cpSync(path.join(TOOL_ROOT, entry), path.join(root, entry), { recursive: true });
fs.symlinkSync(path.join(TOOL_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
const env = { ...process.env, COURSE_ROOT: root, NO_COLOR: "1" };

/** Wall time of one command, in ms. */
function timed(command: string[]): number {
  const startedAt = performance.now();
  spawnSync(command[0]!, command.slice(1), { cwd: root, env, stdio: "ignore" });
  return performance.now() - startedAt;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return Math.round(sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2);
}

async function repeat(measure: () => number | Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let run = 0; run < RUNS; run += 1) values.push(await measure());
  return median(values);
}

async function timedAsync(task: () => Promise<unknown>): Promise<number> {
  const startedAt = performance.now();
  await task();
  return performance.now() - startedAt;
}

/** `course watch --json NN`, with a way to wait for its next printed check. */
function startWatch(step: string) {
  const child: ChildProcess = spawn(COURSE[0]!, [...COURSE.slice(1), "watch", "--json", step], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "ignore"],
  });
  let checks = 0;
  const waiters: (() => void)[] = [];
  child.stdout!.on("data", (chunk: Buffer) => {
    checks += String(chunk)
      .split("\n")
      .filter((line) => line.startsWith('{"step"')).length;
    for (const wake of waiters.splice(0)) wake();
  });
  const checksPrinted = async (count: number) => {
    while (checks < count) await new Promise<void>((wake) => waiters.push(wake));
  };
  return { child, checksPrinted, checks: () => checks };
}

/** From writing a file in app/ to the watch printing a check, in ms. */
async function recheckAfterSave(watch: ReturnType<typeof startWatch>, run: number): Promise<number> {
  const before = watch.checks();
  const startedAt = performance.now();
  fs.writeFileSync(path.join(root, "app", "bench-touch.ts"), `export const run = ${run};\n`);
  await watch.checksPrinted(before + 1);
  return performance.now() - startedAt;
}

async function measureStep(step: string) {
  spawnSync(COURSE[0]!, [...COURSE.slice(1), "solve", step], { cwd: root, env, stdio: "ignore" });
  const check = [...COURSE, "check", step];
  const cold = await repeat(() => timed(check));
  const watch = startWatch(step);
  await watch.checksPrinted(1);
  while (!fs.existsSync(path.join(root, ".course", "runner.json"))) await new Promise((wake) => setTimeout(wake, 50));
  const warm = await repeat(() => timed(check));
  const saves: number[] = [];
  for (let run = 0; run < RUNS; run += 1) saves.push(await recheckAfterSave(watch, run));
  watch.child.kill("SIGTERM");
  await new Promise((wake) => watch.child.once("exit", wake));
  fs.rmSync(path.join(root, "app", "bench-touch.ts"), { force: true });
  return { step, coldCheckMs: cold, warmCheckMs: warm, watchRecheckMs: median(saves) };
}

async function measurePhases() {
  const paths = coursePaths(root);
  const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");
  const checker = path.join("test", "steps", "00-welcome.test.ts");
  spawnSync(COURSE[0]!, [...COURSE.slice(1), "solve", "00"], { cwd: root, env, stdio: "ignore" });
  return {
    nodeMs: await repeat(() => timed([process.execPath, "-e", "0"])),
    cliHelpMs: await repeat(() => timed([...COURSE, "--help"])),
    // What typing `npx course` adds on top: npm finding the package's own bin.
    npxHelpMs: await repeat(() => timed(["npx", "--no-install", "course", "--help"])),
    syntaxCheckMs: await repeat(() => timedAsync(() => findSyntaxProblems(paths.app, root))),
    typeCheckMs: await repeat(() => timedAsync(() => findTypeErrors(paths, paths.app))),
    vitestStep00Ms: await repeat(() => timed([process.execPath, vitest, "run", "--config", "vitest.steps.config.ts", checker])),
  };
}

try {
  const phases = await measurePhases();
  const steps = [];
  for (const step of STEPS) steps.push(await measureStep(step));
  console.log(`Check loop, medians of ${RUNS} runs (ms), app/ = the step's solution\n`);
  console.log("step  cold check  warm check  watch re-check");
  for (const row of steps) {
    console.log(
      `${row.step}    ${String(row.coldCheckMs).padStart(10)}  ${String(row.warmCheckMs).padStart(10)}  ${String(row.watchRecheckMs).padStart(14)}`,
    );
  }
  const { nodeMs, cliHelpMs, npxHelpMs, syntaxCheckMs, typeCheckMs, vitestStep00Ms } = phases;
  console.log(`\nphases of a cold check of 00: node ${nodeMs}, CLI --help ${cliHelpMs} (through npx ${npxHelpMs}),`);
  console.log(`  syntax ${syntaxCheckMs}, types ${typeCheckMs} (beside vitest), vitest run ${vitestStep00Ms}`);
  console.log(
    `load average ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(" ")} on ${os.cpus().length} cores`,
  );
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify({ runs: RUNS, cpus: os.cpus().length, loadAverage: os.loadavg(), phases, steps }, null, 2));
  console.log(`\nWrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
