// The type check kept warm, beside the warm test runner: one `tsc --watch`
// over app/ for as long as `course watch` or the course site runs. After a
// save it re-checks only what changed, in about a quarter of the time a
// fresh incremental tsc takes (`npm run bench:loop`, types).
//
// The question a check asks is "what are the errors in app/ as it is now?",
// and a watching compiler answers on its own schedule. So each question
// writes a marker file that the watched program includes, with a number that
// goes up, and made to fail to compile:
//
//   export const marker: "course-marker" = 7;   → error: Type '7' is not assignable…
//
// The first compile whose output carries marker 7 (or later) started after the
// marker was written, so after every save that came before the question:
// its errors are the answer. A compiler that does not answer in time, or
// exits, is replaced by the one-off check (types.ts).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { CoursePaths } from "../context.ts";
import type { CodeProblem } from "./outcome.ts";
import { appTsconfig, findTypeErrors, problemsIn, tscCommand } from "./types.ts";

// Longer than any compile of app/ here; past it, the one-off check answers instead.
const ANSWER_TIMEOUT_MS = 10_000;
const COMPILE_STARTED = /Starting (incremental )?compilation/;
const COMPILE_FINISHED = /Found \d+ errors?\./;
const MARKER_SEEN = /Type '(\d+)' is not assignable to type '"course-marker"'/;

type Compile = { marker: number; output: string };

export class WarmTypeChecker {
  private marker = 0;
  private lines: string[] = [];
  /** Each pending question: offered every finished compile, told when the compiler exits. */
  private waiters = new Map<(compile: Compile) => void, (error: Error) => void>();
  private stopped = false;

  private constructor(
    private readonly paths: CoursePaths,
    private readonly appDir: string,
    private readonly markerFile: string,
    private readonly tsc: ChildProcess,
  ) {
    let partial = "";
    tsc.stdout?.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) this.read(line);
    });
    tsc.stderr?.resume();
    tsc.once("exit", () => {
      this.stopped = true;
      for (const reject of this.waiters.values()) reject(new Error("the watching type checker exited"));
    });
  }

  /** A watching compiler over appDir, once its first compile is done; null when the course has no tsconfig.json. */
  static async start(paths: CoursePaths, appDir: string): Promise<WarmTypeChecker | null> {
    const dir = path.join(paths.state, "typecheck-watch");
    const markerFile = path.join(dir, "marker.ts");
    const config = appTsconfig(paths, appDir, [markerFile]);
    if (!config) return null;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(markerFile, markerSource(0));
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(config));
    const [command, prefix] = tscCommand();
    const args = [...prefix, "-p", path.join(dir, "tsconfig.json"), "--watch", "--preserveWatchOutput", "--pretty", "false", "--noEmit"];
    const tsc = spawn(command, args, { cwd: paths.root, stdio: ["ignore", "pipe", "pipe"] });
    const checker = new WarmTypeChecker(paths, path.resolve(appDir), markerFile, tsc);
    await checker.compiled(0);
    return checker;
  }

  /** The type errors in app/ as it is now. */
  async errors(): Promise<CodeProblem[]> {
    if (this.stopped) return findTypeErrors(this.paths, this.appDir);
    this.marker += 1;
    const asked = this.compiled(this.marker);
    fs.writeFileSync(this.markerFile, markerSource(this.marker));
    const compile = await asked.catch(() => null);
    if (!compile) return findTypeErrors(this.paths, this.appDir);
    return problemsIn(compile.output, this.appDir, this.paths.root);
  }

  close(): void {
    this.stopped = true;
    this.tsc.kill();
  }

  /** The first compile that saw marker `wanted` or a later one. */
  private compiled(wanted: number): Promise<Compile> {
    return new Promise((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const timer = setTimeout(() => {
        settle();
        reject(new Error("the watching type checker did not answer"));
      }, ANSWER_TIMEOUT_MS);
      const waiter = (compile: Compile) => {
        if (compile.marker < wanted) return;
        settle();
        resolve(compile);
      };
      this.waiters.set(waiter, (error) => {
        settle();
        reject(error);
      });
    });
  }

  private read(line: string): void {
    if (COMPILE_STARTED.test(line)) {
      this.lines = [];
    } else if (COMPILE_FINISHED.test(line)) {
      const output = this.lines.join("\n");
      const compile = { marker: Number(MARKER_SEEN.exec(output)?.[1] ?? -1), output };
      for (const waiter of [...this.waiters.keys()]) waiter(compile);
    } else {
      this.lines.push(line);
    }
  }
}

function markerSource(marker: number): string {
  return `// Written by \`course\` for each type check; see scripts/course/check/warm-types.ts.\nexport const marker: "course-marker" = ${marker};\n`;
}
