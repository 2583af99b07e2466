/**
 * The step-01 solution overlay is the generator's output for the default names
 * plus the wired app.ts and layout.ts. This builds it from the templates, so
 * after editing a template:
 *
 *   npx tsx scripts/gen-auth/solution.ts --write    rewrites solutions/01-generated-auth/
 *
 * (test/gen-auth/source-of-truth.test.ts checks that the overlay matches.)
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { buildTree, type TreeKind } from "../course/chain.ts";
import { listSteps, resolveStep } from "../course/steps.ts";
import { planFiles } from "./generate.ts";
import { DEFAULT_ARGS, deriveNames } from "./names.ts";
import { applyEdit, wiringFor } from "./wiring.ts";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const SOLUTION_DIR = "solutions/01-generated-auth";
export type Files = Map<string, string>; // app-relative posix path → text

/** starter(01) or solution(01), composed by the course's own materialiser. */
export function step01Files(kind: TreeKind): Files {
  const steps = listSteps(REPO_ROOT);
  const tree = buildTree(steps, resolveStep(steps, "01"), kind);
  return new Map([...tree].map(([path, bytes]) => [path, bytes.toString("utf8")]));
}

/** What solutions/01-generated-auth must hold: every file of solution(01) that differs from starter(01). */
export function expectedSolutionOverlay(): Files {
  const starter = step01Files("starter");
  const names = deriveNames(...DEFAULT_ARGS);
  const solution = new Map(starter);
  for (const file of planFiles(names)) solution.set(file.path, file.content);
  for (const edit of wiringFor(names)) solution.set(edit.file, applyEdit(solution.get(edit.file)!, edit));
  return new Map([...solution].filter(([path, text]) => starter.get(path) !== text));
}

export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path).split("\\").join("/"));
    }
  };
  if (existsSync(dir)) walk(dir);
  return found;
}

function writeOverlay(files: Files) {
  const dir = join(REPO_ROOT, SOLUTION_DIR);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  console.log(`wrote ${files.size} files to ${SOLUTION_DIR}/`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  if (process.argv.includes("--write")) writeOverlay(expectedSolutionOverlay());
  else console.log([...expectedSolutionOverlay().keys()].join("\n"));
}
