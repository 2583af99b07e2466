// Where everything lives. The course root defaults to this repository and can
// be pointed elsewhere with COURSE_ROOT (the tooling's own tests use small
// fixture courses so they never touch the learner's app/).
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository holding this script (and node_modules with vitest). */
export const TOOL_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface CoursePaths {
  root: string;
  app: string;
  state: string;
  snapshots: string;
  tmp: string;
  progress: string;
  journal: string;
}

export function coursePaths(root = courseRoot()): CoursePaths {
  const state = path.join(root, ".course");
  return {
    root,
    app: path.join(root, "app"),
    state,
    snapshots: path.join(state, "snapshots"),
    tmp: path.join(state, "tmp"),
    progress: path.join(state, "progress.json"),
    journal: path.join(state, "journal.json"),
  };
}

export function courseRoot(): string {
  const fromEnv = process.env.COURSE_ROOT;
  return fromEnv ? path.resolve(fromEnv) : TOOL_ROOT;
}

/** A path as the learner would type it: relative to the course root. */
export function shown(paths: CoursePaths, target: string): string {
  const relative = path.relative(paths.root, target);
  return relative.startsWith("..") ? target : relative || ".";
}
