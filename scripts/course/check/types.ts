// Type-checks the learner's files with the native TypeScript compiler (tsc 7),
// so `counters.add(COUNTER, "one")` is reported as the type error it is rather
// than surfacing — or not — as a failed check. It runs beside the checker
// (see run.ts), under the course's own tsconfig.json narrowed to the app
// directory, and reports only errors inside that directory.
import { execFile } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { TOOL_ROOT, type CoursePaths } from "../context.ts";
import { temporaryDir } from "../transaction.ts";
import type { CodeProblem } from "./outcome.ts";

// "app/views/counter-live.ts(26,46): error TS2345: Argument of type …" (--pretty false)
const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
// A hung compiler must not hang `course check`; a slow one only delays it.
const TYPECHECK_TIMEOUT_MS = 60_000;

/** Type errors in appDir's files; [] when the course has no tsconfig.json to check against. */
export async function findTypeErrors(paths: CoursePaths, appDir: string): Promise<CodeProblem[]> {
  const config = appTsconfig(paths, appDir);
  if (!config) return [];
  const learnersApp = path.resolve(appDir) === path.resolve(paths.app);
  const output = learnersApp ? await incrementalTsc(paths, config) : await oneOffTsc(paths, config);
  return problemsIn(output, path.resolve(appDir), paths.root);
}

/** The course's tsconfig.json narrowed to appDir (plus `extra` files), or null when the course has none. */
export function appTsconfig(paths: CoursePaths, appDir: string, extra: string[] = []): { extends: string; include: string[]; exclude: [] } | null {
  const baseConfig = path.join(paths.root, "tsconfig.json");
  if (!fs.existsSync(baseConfig)) return null;
  // Only `include` changes: the learner's code is held to the project's own compiler options.
  return { extends: baseConfig, include: [path.join(path.resolve(appDir), "**", "*"), ...extra], exclude: [] };
}

let lastIncremental: Promise<unknown> = Promise.resolve();

/**
 * app/ is checked again and again, so its check is incremental: the build info
 * under .course/typecheck/ lets tsc skip what did not change (about a third
 * faster). One at a time, since concurrent runs would race on that file.
 */
function incrementalTsc(paths: CoursePaths, config: object): Promise<string> {
  const dir = path.join(paths.state, "typecheck");
  const run = lastIncremental.then(() => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "tsconfig.app.json"), JSON.stringify(config));
    return runTsc(["-p", path.join(dir, "tsconfig.app.json"), "--incremental", "--tsBuildInfoFile", path.join(dir, "app.tsbuildinfo")], paths.root);
  });
  lastIncremental = run.catch(() => {});
  return run;
}

async function oneOffTsc(paths: CoursePaths, config: object): Promise<string> {
  const file = `${temporaryDir(paths, "tsconfig")}.json`;
  fs.writeFileSync(file, JSON.stringify(config));
  try {
    return await runTsc(["-p", file], paths.root);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

export function problemsIn(output: string, appDir: string, root: string): CodeProblem[] {
  const problems: CodeProblem[] = [];
  let current: CodeProblem | null = null; // the diagnostic that indented lines continue
  for (const line of output.split("\n")) {
    const match = DIAGNOSTIC.exec(line);
    if (!match) {
      // "  Type 'string' is not assignable to type 'number'.": the reason, one step down the chain.
      if (current && /^\s+\S/.test(line)) current.message += `\n${line.trimEnd()}`;
      continue;
    }
    const file = path.resolve(root, match[1]!);
    const [lineNumber, column] = [Number(match[2]), Number(match[3])];
    current = file.startsWith(appDir + path.sep)
      ? { kind: "type", file: path.relative(root, file), line: lineNumber, column, message: match[5]!, source: sourceLine(file, lineNumber) }
      : null;
    if (current) problems.push(current);
  }
  return problems;
}

function sourceLine(file: string, lineNumber: number): string | null {
  try {
    return fs.readFileSync(file, "utf8").split("\n")[lineNumber - 1] ?? null;
  } catch {
    return null;
  }
}

/** tsc's output (it exits non-zero when it finds errors, which is not a failure here). */
function runTsc(args: string[], cwd: string): Promise<string> {
  const [command, prefix] = tscCommand();
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...prefix, ...args, "--pretty", "false", "--noEmit"],
      { cwd, timeout: TYPECHECK_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        if (error && typeof error.code !== "number") reject(error);
        else resolve(stdout);
      },
    );
  });
}

/** The native compiler itself when we can find it: its npm wrapper would cost one more node start. */
export function tscCommand(): [string, string[]] {
  const require = createRequire(path.join(TOOL_ROOT, "package.json"));
  try {
    const platformPackage = require.resolve(`@typescript/typescript-${process.platform}-${process.arch}/package.json`);
    const exe = path.join(path.dirname(platformPackage), "lib", process.platform === "win32" ? "tsc.exe" : "tsc");
    if (fs.existsSync(exe)) return [exe, []];
  } catch {
    // fall through to the wrapper, which finds the compiler its own way
  }
  return [process.execPath, [path.join(path.dirname(require.resolve("typescript/package.json")), "bin", "tsc")]];
}
