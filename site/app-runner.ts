// The learner's app, running beside the course site: app/main.ts as a child
// process on port 4000, its output (the query log) shown with an "[app] "
// prefix, restarted whenever a file in app/ changes. A crash — a syntax error
// half-way through typing — is reported and waited out; the site stays up.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import type { CodeProblem } from "../scripts/course/check/outcome.ts";
import { findSyntaxProblems } from "../scripts/course/check/syntax.ts";
import { listSteps } from "../scripts/course/steps.ts";
import { formatPretty } from "../live/query-log-print.ts";
import { watchApp, type AppWatch } from "./app-watch.ts";
import type { QueryInspector } from "./query-inspector.ts";

export const APP_PORT = 4000; // what app/main.ts listens on by default, and what the lessons link to
const RESTART_DEBOUNCE_IN_MS = 300; // an editor's save is often several writes; restart once
const STOP_GRACE_IN_MS = 3_000; // then SIGKILL: a stuck app must not block the restart
const ERROR_LINES_SHOWN = 8; // enough for the message and the code frame, not the whole stack

// What `npx tsx app/main.ts` runs, resolved from the course's own node_modules
// so starting the app never asks npx to look anything up.
const TSX_CLI = createRequire(import.meta.url).resolve("tsx/cli");

export type AppStatus =
  | { state: "absent"; firstStep: string }
  | { state: "running"; since: Date }
  | { state: "crashed"; exitCode: number | null; errorLines: string[]; problems: CodeProblem[] }
  | { state: "port-busy"; port: number }
  | { state: "stopped" };

export interface AppRunnerOptions {
  /** The course root: the app is root/app/main.ts, run with root as its working directory. */
  root: string;
  port?: number;
  debounceMs?: number;
  /** Where the app's output and the runner's notices go, one line at a time. */
  output?: (line: string) => void;
  /** Fed the app's query log (the app runs with LIVE_QUERY_LOG=json); the terminal still gets readable lines. */
  inspector?: QueryInspector;
}

export interface AppRunner {
  readonly url: string;
  /** Starts the app (if app/ exists) and watches app/ for changes. */
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): AppStatus;
  /** Whether something answers on the app's port right now. */
  isListening(): Promise<boolean>;
}

export function createAppRunner(options: AppRunnerOptions): AppRunner {
  const { root, port = APP_PORT, debounceMs = RESTART_DEBOUNCE_IN_MS, inspector } = options;
  const output = options.output ?? ((line: string) => process.stdout.write(`${line}\n`));
  const notice = (line: string) => output(`[site] ${line}`);
  const appDir = path.join(root, "app");
  let child: ChildProcess | null = null;
  let status: AppStatus = { state: "stopped" };
  let watch: AppWatch | null = null;
  // Restarts run one after another, so an old app always frees the port first.
  let queue: Promise<void> = Promise.resolve();
  const killOnExit = () => child?.kill("SIGKILL");

  async function launch(): Promise<void> {
    if (!fs.existsSync(path.join(appDir, "main.ts"))) {
      const firstStep = listSteps(root)[0]?.label ?? "00";
      status = { state: "absent", firstStep };
      notice(
        fs.existsSync(appDir)
          ? "app/main.ts is missing, so there is no app to run. Save it (or run `npx course reset`) and it starts."
          : `No step started yet — run \`npx course start ${firstStep}\``,
      );
      return;
    }
    // Our own app has stopped by now, so whatever answers is another program: say so, instead of a crash to decode.
    if (await answersOn(port)) {
      status = { state: "port-busy", port };
      notice(portBusyFix(port));
      return;
    }
    const started = spawn(process.execPath, [TSX_CLI, "app/main.ts"], {
      cwd: root,
      env: { ...process.env, PORT: String(port), ...(inspector ? { LIVE_QUERY_LOG: "json" } : {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = started;
    status = { state: "running", since: new Date() };
    const errorLines: string[] = [];
    pipeLines(started.stdout!, (line) => {
      const query = inspector?.addLine(line);
      output(`[app] ${query ? formatPretty(query, () => query.userQuery) : line}`);
    });
    pipeLines(started.stderr!, (line) => {
      output(`[app] ${line}`);
      if (errorLines.length < ERROR_LINES_SHOWN && tellsTheError(line)) errorLines.push(line);
    });
    started.on("error", (error) => errorLines.push(error.message));
    // "close" waits for the output to drain, so the error lines are all in.
    started.on("close", (exitCode) => {
      if (child !== started) return; // stopped on purpose
      child = null;
      if (errorLines.some((line) => line.includes("EADDRINUSE"))) {
        status = { state: "port-busy", port };
        return notice(portBusyFix(port));
      }
      const crash: AppStatus = { state: "crashed", exitCode, errorLines, problems: [] };
      status = crash;
      reportCrash(exitCode, errorLines);
      void explainCrash(crash);
    });
  }

  function reportCrash(exitCode: number | null, errorLines: string[]): void {
    notice(`Your app stopped (exit code ${exitCode ?? "none"}). The error began:`);
    for (const line of errorLines) notice(`  ${line}`);
    notice("The course site is still up. Your app restarts the next time you save a file in app/.");
  }

  /** A syntax error, as `course check` reports it: file:line:column and the line itself. */
  async function explainCrash(crash: Extract<AppStatus, { state: "crashed" }>): Promise<void> {
    const problems = await findSyntaxProblems(appDir, root).catch(() => []);
    if (status === crash) status = { ...crash, problems };
  }

  async function halt(): Promise<void> {
    const running = child;
    if (!running) return;
    child = null; // tells the close handler this exit was asked for
    if (running.exitCode !== null || running.signalCode !== null) return;
    const closed = new Promise<void>((resolve) => running.once("close", () => resolve()));
    running.kill("SIGTERM");
    const forceKill = setTimeout(() => running.kill("SIGKILL"), STOP_GRACE_IN_MS);
    await closed;
    clearTimeout(forceKill);
  }

  function restart(): Promise<void> {
    queue = queue.then(async () => {
      await halt();
      if (watch) await launch(); // not after stop()
    });
    return queue;
  }

  return {
    url: `http://localhost:${port}`,
    async start() {
      watch = await watchApp(root, debounceMs, () => {
        notice("app/ changed — restarting your app");
        void restart();
      });
      process.once("exit", killOnExit);
      await restart();
    },
    async stop() {
      await watch?.close();
      watch = null;
      process.off("exit", killOnExit);
      await queue;
      await halt();
      status = { state: "stopped" };
    },
    status: () => status,
    isListening: () => answersOn(port),
  };
}

/** The fix for a taken port, named: the site's own port has the same sentence in site/main.ts. */
export function portBusyFix(port: number): string {
  return `Port ${port} is taken by another program (another \`npm start\` or \`npm run app\`?): stop it, or run PORT=${port + 1} npm start.`;
}

// Node's crash preamble and stack frames bury the one line that matters
// ("app/app.ts:98:15: ERROR: Unexpected ';'"); the full text is printed as [app] lines anyway.
const NOISE = [/^\s*$/, /^\s+at /, /^node:internal\//, /^\s*triggerUncaughtException\(/, /^\s*\^+\s*$/, /^Node\.js v\d/];

function tellsTheError(line: string): boolean {
  return !NOISE.some((pattern) => pattern.test(line));
}

function pipeLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on("line", onLine);
}

function answersOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
