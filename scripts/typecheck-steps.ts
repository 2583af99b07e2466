/**
 * Typechecks every step the way a learner gets it: starter(NN) and
 * solution(NN) for each step in steps/, materialised under
 * .course/tmp/typecheck/ (inside the repo, so `#live` resolves through
 * package.json "imports"), then checked by `tsc`, one run per tree, each with
 * a generated tsconfig that extends the root one.
 * Starters hold EXERCISE comments, not holes: they must typecheck too.
 *
 *   npx tsx scripts/typecheck-steps.ts     (part of `npm test`, via pretest)
 *
 * Each error is reported as `<step> <starter|solution>: <file>:<line>:<col>`,
 * with the overlay the file comes from, so it can be fixed where it lives.
 */
import { execFile } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { buildTree, layersFor, type TreeKind } from "./course/chain.ts";
import { listSteps, type Step } from "./course/steps.ts";
import { removeDir, writeTree } from "./course/tree.ts";

export const REPO_ROOT = resolve(import.meta.dirname, "..");
const TSC = join(REPO_ROOT, "node_modules", ".bin", "tsc");
const KINDS: TreeKind[] = ["starter", "solution"];

export type StepTypeError = { step: string; kind: TreeKind; file: string; line: number; column: number; message: string; from: string | null };
export type TypecheckResult = { trees: number; errors: StepTypeError[]; otherOutput: string; ms: number };
type StepTree = { step: Step; kind: TreeKind; dir: string };

/** Materialises every step's starter and solution into workDir (inside the repo) and runs tsc on each. */
export async function typecheckSteps(steps: Step[], workDir: string): Promise<TypecheckResult> {
  const started = performance.now();
  removeDir(workDir); // a tree left from an earlier run may hold files a step has since deleted
  const trees: StepTree[] = [];
  for (const step of steps) {
    for (const kind of KINDS) {
      const dir = join(workDir, step.id, kind);
      writeTree(dir, buildTree(steps, step, kind));
      writeTsconfig(dir);
      trees.push({ step, kind, dir });
    }
  }
  const outputs = await inParallel(trees, (tree) => runTsc(tree.dir));
  const errors: StepTypeError[] = [];
  const other: string[] = [];
  trees.forEach((tree, index) => {
    for (const line of outputs[index]!.split("\n")) {
      const error = parseTscLine(line, steps, tree);
      const previous = errors[errors.length - 1];
      if (error) errors.push(error);
      else if (/^\s/.test(line) && previous)
        previous.message += `\n${line}`; // a multi-line message goes on
      else if (line.trim()) other.push(`${tree.step.id} ${tree.kind}: ${line}`);
    }
  });
  return { trees: trees.length, errors, otherOutput: other.join("\n"), ms: Math.round(performance.now() - started) };
}

// One program per tree, not one for all: a tree must typecheck on its own. In one
// program, a `declare module`/`declare global` in solution(01) (res.locals.currentUser)
// would also type starter(01), and a starter that forgot it would pass.
function writeTsconfig(dir: string) {
  const rootConfig = relative(dir, join(REPO_ROOT, "tsconfig.json")).split("\\").join("/");
  const tsconfig = { extends: rootConfig, include: ["**/*.ts"], exclude: [] };
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
}

function runTsc(dir: string): Promise<string> {
  if (!existsSync(TSC)) throw new Error(`${TSC} is missing: run npm install`);
  return new Promise((done, fail) => {
    execFile(TSC, ["-p", join(dir, "tsconfig.json"), "--pretty", "false"], { cwd: REPO_ROOT, encoding: "utf8" }, (error, stdout, stderr) => {
      // tsc exits 2 when it finds errors; those are in stdout. Only a failure to run at all is thrown.
      if (error && typeof error.code !== "number") return fail(error);
      done(`${stdout}${stderr}`);
    });
  });
}

// tsc's native binary already checks on several threads (it has --singleThreaded to stop that): one tsc per core is plenty.
async function inParallel<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), items.length) }, worker));
  return results;
}

// tsc --pretty false writes `path(line,col): error TS2322: message` (path relative to the cwd).
const TSC_ERROR = /^(.+?)\((\d+),(\d+)\): error (TS\d+: .*)$/;

function parseTscLine(line: string, steps: Step[], tree: StepTree): StepTypeError | null {
  const match = TSC_ERROR.exec(line);
  if (!match) return null;
  const [, path, lineNo, column, message] = match;
  const inTree = relative(tree.dir, resolve(REPO_ROOT, path!)).split("\\").join("/");
  const outside = inTree.startsWith("../"); // the runtime, say: named from the repo root, and no overlay to blame
  const file = outside ? relative(REPO_ROOT, resolve(REPO_ROOT, path!)).split("\\").join("/") : inTree;
  const from = outside ? null : overlayOf(steps, tree.step, tree.kind, file);
  return { step: tree.step.id, kind: tree.kind, file, line: Number(lineNo), column: Number(column), message: message!, from };
}

/** The last overlay in the chain that holds the file: where a fix belongs. */
function overlayOf(steps: Step[], step: Step, kind: TreeKind, file: string): string | null {
  const layer = layersFor(steps, step, kind)
    .reverse()
    .find((each) => existsSync(join(each.dir, file)));
  return layer ? `${layer.label}/${file}` : null;
}

export function formatError(error: StepTypeError): string {
  const from = error.from ? ` (from ${error.from})` : "";
  return `${error.step} ${error.kind}: ${error.file}:${error.line}:${error.column}${from}\n    ${error.message}`;
}

async function main() {
  const steps = listSteps(REPO_ROOT);
  const workDir = join(REPO_ROOT, ".course", "tmp", "typecheck");
  const result = await typecheckSteps(steps, workDir);
  const seconds = (result.ms / 1000).toFixed(1);
  if (result.errors.length === 0 && !result.otherOutput) {
    console.log(`typecheck: ${result.trees} step trees (starter and solution of ${steps.length} steps) are clean, in ${seconds} s`);
    removeDir(workDir);
    return;
  }
  for (const error of result.errors) console.error(formatError(error));
  if (result.otherOutput) console.error(result.otherOutput);
  console.error(
    `\ntypecheck: ${result.errors.length} type errors in the step trees (${seconds} s); the trees are in ${relative(REPO_ROOT, workDir)}/`,
  );
  process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
