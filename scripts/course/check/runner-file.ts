// One warm runner per workspace, found through .course/runner.json:
//
//   { "pid": 4242, "port": 51234, "token": "<32 random bytes, hex>", "appDir": "/…/app" }
//
// `course watch` (or the course site) writes it once its runner is warm and
// removes it on exit; `course check` reads it and posts the step to check.
// The server listens on 127.0.0.1 only and answers only requests carrying the
// token, so another user or a web page cannot drive it. A file whose pid is
// dead (a killed watch) is stale: it is ignored and removed.
import { randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { CoursePaths } from "../context.ts";
import { isAlive } from "../transaction.ts";
import type { CheckOutcome } from "./outcome.ts";

export interface RunnerFile {
  pid: number;
  port: number;
  token: string;
  appDir: string;
}

export const RUNNER_PATH = "/check";
// As long as a cold run may take (vitest.ts): a hung watch must not hang `course check` for longer.
const ASK_TIMEOUT_MS = 5 * 60 * 1000;

export function runnerFilePath(paths: CoursePaths): string {
  return path.join(paths.state, "runner.json");
}

/** Serves `check(stepId)` on loopback and advertises it in .course/runner.json; returns a stop function. */
export async function serveRunner(paths: CoursePaths, appDir: string, check: (stepId: string) => Promise<CheckOutcome>): Promise<() => void> {
  const token = randomBytes(32).toString("hex");
  const server: Server = createServer((req, res) => {
    if (req.method !== "POST" || req.url !== RUNNER_PATH || !sameToken(req.headers.authorization, token)) {
      res.writeHead(403).end();
      return;
    }
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk));
    req.on("end", () => {
      const step = stepIn(body);
      if (step === null) {
        res.writeHead(400).end('expected {"step": "<step id>"}');
        return;
      }
      check(step).then(
        (outcome) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(outcome)),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const advertised: RunnerFile = { pid: process.pid, port: (server.address() as AddressInfo).port, token, appDir: path.resolve(appDir) };
  const file = runnerFilePath(paths);
  fs.mkdirSync(paths.state, { recursive: true });
  // Written whole, then renamed: a reader never sees half a file.
  fs.writeFileSync(`${file}.${process.pid}`, JSON.stringify(advertised), { mode: 0o600 });
  fs.renameSync(`${file}.${process.pid}`, file);
  return () => {
    server.close();
    if (readRunnerFile(paths)?.pid === process.pid) fs.rmSync(file, { force: true });
  };
}

/** The advertised runner for appDir, or null: none, unreadable, another app, or a dead pid (then the file goes). */
export function findRunner(paths: CoursePaths, appDir: string): RunnerFile | null {
  const runner = readRunnerFile(paths);
  if (!runner || runner.appDir !== path.resolve(appDir)) return null;
  if (!isAlive(runner.pid)) {
    fs.rmSync(runnerFilePath(paths), { force: true });
    return null;
  }
  return runner;
}

/** The runner's outcome, or null when it cannot give one (then the caller checks the cold way). */
export async function askRunner(runner: RunnerFile, stepId: string): Promise<CheckOutcome | null> {
  try {
    const reply = await fetch(`http://127.0.0.1:${runner.port}${RUNNER_PATH}`, {
      method: "POST",
      headers: { authorization: `Bearer ${runner.token}`, "content-type": "application/json" },
      body: JSON.stringify({ step: stepId }),
      signal: AbortSignal.timeout(ASK_TIMEOUT_MS),
    });
    return reply.ok ? ((await reply.json()) as CheckOutcome) : null;
  } catch {
    return null; // the runner went away between reading the file and asking
  }
}

function stepIn(body: string): string | null {
  try {
    const { step } = JSON.parse(body) as { step?: unknown };
    return typeof step === "string" ? step : null;
  } catch {
    return null;
  }
}

function readRunnerFile(paths: CoursePaths): RunnerFile | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(runnerFilePath(paths), "utf8")) as Partial<RunnerFile>;
    const complete =
      typeof parsed.pid === "number" && typeof parsed.port === "number" && typeof parsed.token === "string" && typeof parsed.appDir === "string";
    return complete ? (parsed as RunnerFile) : null;
  } catch {
    return null;
  }
}

function sameToken(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(header?.replace(/^Bearer /, "") ?? "");
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
