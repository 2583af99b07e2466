// A vitest instance kept warm between checks of one app directory, for
// `course watch` and the runner it serves to `course check`. Starting vitest
// (config, vite server, transforms of the checker and its support code) is
// paid once; each run re-imports the learner's app fresh, because every file
// under the app directory is invalidated first.
import fs from "node:fs";
import path from "node:path";
import type { TestCase, TestModule, Vitest } from "vitest/node";
import type { CoursePaths } from "../context.ts";
import { temporaryDir } from "../transaction.ts";
import { isNoise, readTree } from "../tree.ts";
import { stepsConfig, type VitestReport, type VitestRun } from "./vitest.ts";

export class WarmRunner {
  /** Runs one at a time: a save during a check waits for it instead of racing it on the same app. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly appDir: string,
    private readonly vitest: Vitest,
    private readonly notesFile: string,
  ) {}

  static async start(paths: CoursePaths, appDir: string): Promise<WarmRunner> {
    const { createVitest } = await import("vitest/node");
    // Owned by this process: .course/tmp/ cleaning leaves it alone while we live.
    const notesFile = temporaryDir(paths, "notes");
    const vitest = await createVitest(
      "test",
      { root: paths.root, config: stepsConfig(paths.root), watch: false, reporters: [{}] },
      { test: { env: { COURSE_APP_DIR: path.resolve(appDir), COURSE_REPORT_FILE: notesFile } } },
    );
    await vitest.standalone();
    return new WarmRunner(path.resolve(appDir), vitest, notesFile);
  }

  run(checkerFile: string): Promise<VitestRun> {
    const run = this.queue.then(() => this.runNow(checkerFile));
    this.queue = run.catch(() => {});
    return run;
  }

  async close(): Promise<void> {
    await this.vitest.close();
    fs.rmSync(this.notesFile, { force: true });
  }

  private async runNow(checkerFile: string): Promise<VitestRun> {
    this.invalidateApp();
    fs.writeFileSync(this.notesFile, "");
    const result = await this.vitest.runTestFiles([checkerFile]);
    const notes = fs.readFileSync(this.notesFile, "utf8");
    const unhandled = result.unhandledErrors.map((error) => String((error as { stack?: string }).stack ?? error)).join("\n");
    return { report: reportFrom(result.testModules), notes, output: unhandled, exitCode: null, runner: "warm" };
  }

  /** The server-side transforms of the app's files are dropped, so the next run compiles what is on disk. */
  private invalidateApp(): void {
    for (const file of readTree(this.appDir, isNoise).keys()) {
      const absolute = path.join(this.appDir, file);
      this.vitest.invalidateFile(absolute);
      this.vitest.watcher.invalidates.add(absolute);
    }
  }
}

/** The shape of vitest's JSON report (what a cold run writes), so parse.ts reads both alike. */
function reportFrom(modules: readonly TestModule[]): VitestReport {
  return {
    testResults: modules.map((module) => ({
      name: module.moduleId,
      status: module.state(),
      message: module.errors()[0]?.message ?? "",
      assertionResults: [...module.children.allTests()].map(assertionFrom),
    })),
  };
}

function assertionFrom(test: TestCase) {
  const ancestorTitles: string[] = [];
  for (let parent = test.parent; parent.type === "suite"; parent = parent.parent) ancestorTitles.unshift(parent.name);
  const result = test.result();
  return {
    ancestorTitles,
    title: test.name,
    status: result.state,
    failureMessages: (result.errors ?? []).map((error) => error.stack ?? error.message),
  };
}
