// Runs one checker file with vitest in a child process, pointed at an app
// directory through COURSE_APP_DIR, and reads vitest's JSON report.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { TOOL_ROOT, type CoursePaths } from "../context.ts";
import { temporaryDir } from "../transaction.ts";

// Generous: a checker starts servers, sockets and (step 07) node processes on a
// busy machine. Past it, something in app/ never finishes — a loop, an await
// that never resolves — and the check stops and says so (status "timeout").
const CHECK_TIMEOUT_MS = 2 * 60 * 1000;

/** How long one checker run may take; COURSE_CHECK_TIMEOUT_MS shortens it (the tests of the timeout use it). */
export function checkTimeoutMs(): number {
  const fromEnv = process.env.COURSE_CHECK_TIMEOUT_MS;
  return fromEnv !== undefined && /^\d+$/.test(fromEnv) ? Number(fromEnv) : CHECK_TIMEOUT_MS;
}

export interface VitestAssertion {
  ancestorTitles: string[];
  title: string;
  status: string;
  failureMessages: string[];
}

export interface VitestReport {
  testResults: { name: string; status: string; message: string; assertionResults: VitestAssertion[] }[];
}

export interface VitestRun {
  report: VitestReport | null;
  /** What the checker wrote for the learner (test/support/report.ts), such as the query table. */
  notes: string;
  output: string;
  exitCode: number | null;
  runner: "warm" | "cold";
  /** Stopped after checkTimeoutMs() without finishing. */
  timedOut?: boolean;
}

export async function runVitest(paths: CoursePaths, checkerFile: string, appDir: string): Promise<VitestRun> {
  const reportFile = `${temporaryDir(paths, "report")}.json`;
  const notesFile = `${temporaryDir(paths, "notes")}.txt`;
  const args = [
    path.join(TOOL_ROOT, "node_modules", "vitest", "vitest.mjs"),
    "run",
    "--config",
    stepsConfig(paths.root),
    "--root",
    paths.root,
    path.relative(paths.root, checkerFile).split(path.sep).join("/"),
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${reportFile}`,
  ];
  try {
    const env = { ...runnerEnv(), COURSE_APP_DIR: path.resolve(appDir), COURSE_REPORT_FILE: notesFile };
    const { output, exitCode, timedOut } = await spawnCollecting(args, paths.root, env);
    const report = fs.existsSync(reportFile) ? (JSON.parse(fs.readFileSync(reportFile, "utf8")) as VitestReport) : null;
    const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, "utf8") : "";
    return { report: timedOut ? null : report, notes, output, exitCode, runner: "cold", timedOut };
  } finally {
    fs.rmSync(reportFile, { force: true });
    fs.rmSync(notesFile, { force: true });
  }
}

export function stepsConfig(root: string): string {
  const own = path.join(root, "vitest.steps.config.ts");
  return fs.existsSync(own) ? own : path.join(TOOL_ROOT, "vitest.steps.config.ts");
}

/** The environment minus what an outer vitest (the honesty proof) would leak into the inner one. */
function runnerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { FORCE_COLOR: "0" };
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("VITEST") && key !== "FORCE_COLOR") env[key] = value;
  }
  return env;
}

function spawnCollecting(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ output: string; exitCode: number | null; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, checkTimeoutMs());
    child.on("error", reject);
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      resolve({ output: Buffer.concat(chunks).toString("utf8"), exitCode, timedOut });
    });
  });
}
