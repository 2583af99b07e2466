/**
 * A fresh copy of this course, as a learner's clone would be: every file git
 * knows (no app/, no .course/), in a temp directory, with node_modules linked
 * from this repository — for tests that walk the course from its first step.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../../scripts/harness/start-app.ts";

export interface CourseClone {
  root: string;
  remove(): void;
}

export function cloneCourse(): CourseClone {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "course-clone-"));
  // Tracked files and new ones not yet committed, as `git clone` of this work would give.
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO_ROOT, encoding: "utf8" });
  for (const file of listed.split("\0").filter(Boolean)) {
    const from = path.join(REPO_ROOT, file);
    if (!fs.existsSync(from) || fs.lstatSync(from).isSymbolicLink()) continue; // deleted, or node_modules
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.copyFileSync(from, path.join(root, file));
  }
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
  return { root, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}
