// "Type-check app/" on the app page: tsc on the learner's app/ alone, with the
// course's own compiler options. tsx runs code with type errors, so an app
// can start and still be wrong; this names each error by file:line:column.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { CodeProblem } from "../scripts/course/check/outcome.ts";
import { TOOL_ROOT, type CoursePaths } from "../scripts/course/context.ts";
import { temporaryDir } from "../scripts/course/transaction.ts";

const TSC = path.join(TOOL_ROOT, "node_modules", ".bin", "tsc");
// tsc --pretty false writes `path(line,col): error TS2322: message`, the path relative to the cwd.
const TSC_ERROR = /^(.+?)\((\d+),(\d+)\): error (TS\d+: .*)$/;

export type TypecheckResult = { ok: true; problems: CodeProblem[]; output: string } | { ok: false; problem: string };

export async function typecheckApp(paths: CoursePaths): Promise<TypecheckResult> {
  if (!fs.existsSync(paths.app)) return { ok: false, problem: "There is no app/ to type-check yet." };
  const dir = temporaryDir(paths, "typecheck");
  fs.mkdirSync(dir, { recursive: true });
  try {
    const appFromDir = path.relative(dir, paths.app).split(path.sep).join("/");
    const tsconfig = { extends: path.join(TOOL_ROOT, "tsconfig.json"), include: [`${appFromDir}/**/*.ts`, `${appFromDir}/**/*.tsx`], exclude: [] };
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
    const output = await runTsc(path.join(dir, "tsconfig.json"), paths.root);
    const problems = output.split("\n").flatMap((line) => problemFrom(line, paths.root));
    return { ok: true, problems, output: output.trim() };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function problemFrom(line: string, root: string): CodeProblem[] {
  const match = TSC_ERROR.exec(line.trim());
  if (!match) return [];
  const [, file, lineNo, column, message] = match;
  return [
    {
      kind: "compile",
      file: file!,
      line: Number(lineNo),
      column: Number(column),
      message: message!,
      source: sourceLine(path.resolve(root, file!), Number(lineNo)),
    },
  ];
}

function sourceLine(file: string, line: number): string | null {
  try {
    return fs.readFileSync(file, "utf8").split("\n")[line - 1] ?? null;
  } catch {
    return null;
  }
}

function runTsc(project: string, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(TSC, ["-p", project, "--pretty", "false"], { cwd, encoding: "utf8" }, (error, stdout, stderr) => {
      // tsc exits 2 when it finds errors; those are in stdout. Only a failure to run at all is an error.
      if (error && typeof error.code !== "number") return reject(error);
      resolve(`${stdout}${stderr}`);
    });
  });
}
