// A vitest instance kept warm between checks of one app directory, for
// `course watch` and the runner it serves to `course check`. Starting vitest
// (config, vite server, transforms of the checker and its support code) is
// paid once; each run re-imports the learner's app fresh, because every file
// under the app directory is invalidated first. vitest itself lives in a
// child process without tsx (warm-host.mjs says why).
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CoursePaths } from "../context.ts";
import { temporaryDir } from "../transaction.ts";
import { isNoise, readTree } from "../tree.ts";
import { checkTimeoutMs, stepsConfig, type VitestReport, type VitestRun } from "./vitest.ts";

const HOST = path.join(path.dirname(fileURLToPath(import.meta.url)), "warm-host.mjs");

type HostReply = { ready: true } | { report: VitestReport; unhandled: string } | { error: string };

export class WarmRunner {
  /** Runs one at a time: a save during a check waits for it instead of racing it on the same app. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The end of what the host wrote to stderr, read always so the pipe never fills and blocks it. */
  private stderrTail = "";

  private constructor(
    readonly appDir: string,
    private readonly host: ChildProcess,
    private readonly notesFile: string,
  ) {
    host.stderr?.on("data", (chunk: Buffer) => (this.stderrTail = (this.stderrTail + chunk).slice(-4000)));
  }

  static async start(paths: CoursePaths, appDir: string): Promise<WarmRunner> {
    // Owned by this process: .course/tmp/ cleaning leaves it alone while we live.
    const notesFile = temporaryDir(paths, "notes");
    const env = { COURSE_APP_DIR: path.resolve(appDir), COURSE_REPORT_FILE: notesFile };
    const settings = JSON.stringify({ root: paths.root, config: stepsConfig(paths.root), env });
    // execArgv: [] leaves tsx out of the host; the inherited environment is the learner's own.
    const host = fork(HOST, [settings], { cwd: paths.root, execArgv: [], stdio: ["ignore", "ignore", "pipe", "ipc"] });
    const runner = new WarmRunner(path.resolve(appDir), host, notesFile);
    await runner.nextReply();
    return runner;
  }

  /** False once the host has exited: after a run that never finished it is stopped, and a new runner is needed. */
  get alive(): boolean {
    return this.host.exitCode === null && this.host.signalCode === null;
  }

  run(checkerFile: string): Promise<VitestRun> {
    const run = this.queue.then(() => this.runNow(checkerFile));
    this.queue = run.catch(() => {});
    return run;
  }

  async close(): Promise<void> {
    if (this.alive) {
      const exited = new Promise((resolve) => this.host.once("exit", resolve));
      if (this.host.connected) this.host.disconnect();
      await exited;
    }
    fs.rmSync(this.notesFile, { force: true });
  }

  private async runNow(checkerFile: string): Promise<VitestRun> {
    fs.writeFileSync(this.notesFile, "");
    const invalidate = [...readTree(this.appDir, isNoise).keys()].map((file) => path.join(this.appDir, file));
    this.host.send({ run: checkerFile, invalidate });
    // A run that never finishes (an endless loop in app/) would hold the runner for good: stop the host.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.host.kill("SIGKILL");
    }, checkTimeoutMs());
    const reply = await this.nextReply()
      .catch((error: Error): HostReply => ({ error: error.message }))
      .finally(() => clearTimeout(timer));
    if (timedOut) return { report: null, notes: "", output: "", exitCode: null, runner: "warm", timedOut: true };
    // The host died or vitest failed: a runner error for this check; `alive` tells the owner to start another.
    if ("error" in reply) return { report: null, notes: "", output: reply.error, exitCode: null, runner: "warm" };
    if (!("report" in reply)) throw new Error("the warm test runner answered out of turn");
    return { report: reply.report, notes: fs.readFileSync(this.notesFile, "utf8"), output: reply.unhandled, exitCode: null, runner: "warm" };
  }

  /** The host's next message; rejects if it exits first (its stderr says why). */
  private nextReply(): Promise<HostReply> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the warm test runner exited (${code}): ${this.stderrTail.trim()}`));
      this.host.once("exit", onExit);
      this.host.once("message", (reply: HostReply) => {
        this.host.off("exit", onExit);
        resolve(reply);
      });
    });
  }
}
