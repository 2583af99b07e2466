// Builds starter(NN) or solution(NN) into a fresh directory anywhere inside
// the course: written to .course/tmp/ first, then renamed into place, so the
// directory either does not exist or holds the whole tree.
import fs from "node:fs";
import path from "node:path";
import { buildTree, type TreeKind } from "./chain.ts";
import type { CoursePaths } from "./context.ts";
import { CourseTreeError } from "./errors.ts";
import type { Step } from "./steps.ts";
import { temporaryDir } from "./transaction.ts";
import { writeTree } from "./tree.ts";

export function materialise(paths: CoursePaths, steps: Step[], step: Step, kind: TreeKind, destination: string): void {
  const target = path.resolve(destination);
  if (path.relative(paths.root, target).startsWith("..")) {
    throw new CourseTreeError(`${target} is outside the course; the app imports #live, which only resolves inside it`);
  }
  if (fs.existsSync(target)) throw new CourseTreeError(`${target} already exists; materialise writes only fresh directories`);
  const staging = temporaryDir(paths, "materialise");
  writeTree(staging, buildTree(steps, step, kind));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(staging, target);
}
