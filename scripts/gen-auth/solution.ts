/**
 * The step-01 solution overlay is the generator's output for the default names
 * plus the wired app.ts and layout.ts. This builds it from the templates, so
 * after editing a template:
 *
 *   npx tsx scripts/gen-auth/solution.ts --write    rewrites solutions/01-generated-auth/
 *
 * (test/gen-auth/source-of-truth.test.ts checks that the overlay matches.)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { planFiles } from "./generate.ts";
import { DEFAULT_ARGS, deriveNames } from "./names.ts";
import { applyEdit, wiringFor } from "./wiring.ts";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const SOLUTION_DIR = "solutions/01-generated-auth";
// starter(01) = steps/00 ⊕ solutions/00 ⊕ steps/01
export const STARTER_LAYERS = ["steps/00-welcome", "solutions/00-welcome", "steps/01-generated-auth"];
const DELETIONS_FILE = ".course-deletions";

export type Files = Map<string, string>; // app-relative posix path → text

/** The files of the layers composed in order, as the course's materialiser composes them. */
export function composeLayers(layers: string[]): Files {
  const files: Files = new Map();
  for (const layer of layers.map((each) => join(REPO_ROOT, each)).filter(existsSync)) {
    for (const deleted of readDeletions(layer)) {
      for (const path of [...files.keys()]) if (path === deleted || path.startsWith(`${deleted}/`)) files.delete(path);
    }
    for (const path of listFiles(layer)) if (path !== DELETIONS_FILE) files.set(path, readFileSync(join(layer, path), "utf8"));
  }
  return files;
}

/** What solutions/01-generated-auth must hold: every file of solution(01) that differs from starter(01). */
export function expectedSolutionOverlay(): Files {
  const starter = composeLayers(STARTER_LAYERS);
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

function readDeletions(layer: string): string[] {
  const file = join(layer, DELETIONS_FILE);
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8").split("\n").map((line) => line.replace(/#.*$/, "").trim()).filter(Boolean);
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
