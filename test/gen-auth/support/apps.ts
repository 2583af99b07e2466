/**
 * Support for the generator's tests: materialise the step-01 starter and
 * solution into temp app directories inside the repo (so `#live` resolves),
 * run the generator's CLI, and run vitest or tsc on an app in a child process.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { deriveNames } from "../../../scripts/gen-auth/names.ts";
import { startApp } from "../../../scripts/harness/start-app.ts";
import { launchChromium } from "../../support/browser.ts";
import type { TreeKind } from "../../../scripts/course/chain.ts";
import { REPO_ROOT, step01Files } from "../../../scripts/gen-auth/solution.ts";
import { applyWiring, wiringFor } from "../../../scripts/gen-auth/wiring.ts";

export { REPO_ROOT };
const TMP_ROOT = join(REPO_ROOT, ".course", "tmp");

/** A fresh, empty directory under .course/tmp/. */
export function tempAppDir(label: string): string {
  const dir = join(TMP_ROOT, `gen-auth-${label}-${randomBytes(4).toString("hex")}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes starter(01) or solution(01) into a new temp dir. */
export function materialise(kind: TreeKind, label: string): string {
  const dir = tempAppDir(label);
  for (const [path, text] of step01Files(kind)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export function removeApp(dir: string) {
  rmSync(dir, { recursive: true, force: true });
}

/** An app generated with `options` (Accounts User users), started on `clock`, and Chromium: the browser tests' setup. */
export async function startGeneratedInChromium(label: string, options: string[], clock?: () => number) {
  const app = generatedApp(["Accounts", "User", "users"], label, options);
  if (app.generator.status !== 0) {
    removeApp(app.dir);
    throw new Error(`gen:auth ${options.join(" ")} failed: ${app.generator.stderr}`);
  }
  const running = await startApp({ dir: app.dir, clock, extra: { bcryptCost: 4 } });
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    await running.close();
    removeApp(app.dir);
  };
  return { dir: app.dir, running, browser, close };
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

/** starter(01), the generator run with these names (and options), and its printed wiring applied: a complete app. */
export function generatedApp(args: [string, string, string], label: string, options: string[] = []): { dir: string; generator: Run } {
  const dir = materialise("starter", label);
  const generator = runGenerator([...args, ...options, "--into", dir]);
  if (generator.status === 0) applyWiring(dir, wiringFor(deriveNames(...args)));
  return { dir, generator };
}

/** The app-relative paths a generator run reports with `* creating` (or `* overwriting`). */
export function reportedFiles(run: Run, appDir: string, verb: "creating" | "overwriting" = "creating"): string[] {
  const prefix = `* ${verb} ${relative(REPO_ROOT, appDir).split("\\").join("/")}/`;
  return run.stdout
    .split("\n")
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length))
    .sort();
}

/** vitest's verdict line ("Tests  97 passed (97)"), for failure messages and the log. */
export function testSummary(run: Run): string {
  return run.stdout.match(/Tests\s+.*\(\d+\)/)?.[0] ?? "(no summary)";
}

/**
 * The checks every generated app must pass: it is generated, typechecks and
 * passes the tests the generator wrote. One test file per set of names (and
 * options, like "--magic-link"), so vitest runs them side by side.
 */
export function describeGeneratedApp(names: [string, string, string], slug: string, options: string[] = []) {
  const label = [...names, ...options].join(" ");
  let app: ReturnType<typeof generatedApp>;
  beforeAll(() => {
    app = generatedApp(names, slug, options);
  });
  afterAll(() => removeApp(app.dir));

  describe(`the app generated for ${label}`, () => {
    it("is generated", () => {
      expect(app.generator.status, app.generator.stderr).toBe(0);
      expect(listFiles(app.dir).filter((path) => path.endsWith(".test.ts")).length).toBeGreaterThanOrEqual(10);
    });

    it("typechecks", () => {
      const run = typecheckApp(app.dir);
      expect(run.status, `tsc found errors:\n${run.stdout}${run.stderr}`).toBe(0);
    }, 120_000);

    it("passes its generated tests", () => {
      const run = runAppTests(app.dir);
      console.log(`${label}: ${testSummary(run)} in ${run.ms} ms`);
      expect(run.status, `the generated tests failed (${testSummary(run)}):\n${run.stdout.slice(-6000)}${run.stderr.slice(-2000)}`).toBe(0);
    }, 300_000);
  });
}
