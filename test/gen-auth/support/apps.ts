/**
 * Support for the generator's tests: materialise the step-01 starter and
 * solution into temp app directories inside the repo (so `#live` resolves),
 * run the generator's CLI, and run vitest or tsc on an app in a child process.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { deriveNames } from "../../../scripts/gen-auth/names.ts";
import { composeLayers, REPO_ROOT, SOLUTION_DIR, STARTER_LAYERS } from "../../../scripts/gen-auth/solution.ts";
import { applyWiring, wiringFor } from "../../../scripts/gen-auth/wiring.ts";

export { REPO_ROOT };
const TMP_ROOT = join(REPO_ROOT, ".course", "tmp");

export const STARTER_01 = STARTER_LAYERS;
export const SOLUTION_01 = [...STARTER_LAYERS, SOLUTION_DIR];

/** A fresh, empty directory under .course/tmp/. */
export function tempAppDir(label: string): string {
  const dir = join(TMP_ROOT, `gen-auth-${label}-${randomBytes(4).toString("hex")}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Composes the layers in order (honouring .course-deletions) into a new temp dir. */
export function materialise(layers: string[], label: string): string {
  const dir = tempAppDir(label);
  for (const [path, text] of composeLayers(layers)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export function removeApp(dir: string) {
  rmSync(dir, { recursive: true, force: true });
}

/** Every file under dir, relative, posix-style, sorted; databases and node_modules left out. */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (name === "node_modules" || /\.db(-wal|-shm)?$/.test(name)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path).split("\\").join("/"));
    }
  };
  walk(dir);
  return found;
}

export type Run = { status: number | null; stdout: string; stderr: string; ms: number };

function run(command: string, args: string[], timeoutMs: number, env: Record<string, string> = {}): Run {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...env },
  });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", ms: Date.now() - started };
}

/** Runs `scripts/gen-auth.ts` as the learner would (through tsx). */
export function runGenerator(args: string[]): Run {
  return run(process.execPath, ["--import=tsx", join(REPO_ROOT, "scripts/gen-auth.ts"), ...args], 60_000);
}

/** Runs the app's generated tests in a child process, with the command the generator prints. */
export function runAppTests(appDir: string): Run {
  const config = join(REPO_ROOT, "scripts/gen-auth/vitest.app.config.ts");
  return run(process.execPath, [join(REPO_ROOT, "node_modules/vitest/vitest.mjs"), "run", "--config", config], 240_000, { COURSE_APP_DIR: appDir });
}

/** Typechecks the app dir with the repo's compiler options. */
export function typecheckApp(appDir: string): Run {
  const config = join(appDir, "tsconfig.gen-auth.json");
  const extendsPath = relative(appDir, join(REPO_ROOT, "tsconfig.json")).split("\\").join("/");
  writeFileSync(config, JSON.stringify({ extends: extendsPath, include: ["**/*.ts"], exclude: [] }));
  return run(process.execPath, [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", config], 120_000);
}

/** starter(01), the generator run with these names, and its printed wiring applied: a complete app. */
export function generatedApp(args: [string, string, string], label: string): { dir: string; generator: Run } {
  const dir = materialise(STARTER_01, label);
  const generator = runGenerator([...args, "--into", dir]);
  if (generator.status === 0) applyWiring(dir, wiringFor(deriveNames(...args)));
  return { dir, generator };
}

/** The app-relative paths a generator run reports with `* creating` (or `* overwriting`). */
export function reportedFiles(run: Run, appDir: string, verb: "creating" | "overwriting" = "creating"): string[] {
  const prefix = `* ${verb} ${relative(REPO_ROOT, appDir).split("\\").join("/")}/`;
  return run.stdout.split("\n").filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length)).sort();
}

/** vitest's verdict line ("Tests  97 passed (97)"), for failure messages and the log. */
export function testSummary(run: Run): string {
  return run.stdout.match(/Tests\s+.*\(\d+\)/)?.[0] ?? "(no summary)";
}
