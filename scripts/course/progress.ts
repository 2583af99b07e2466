// The learner's progress, in .course/progress.json:
//   { current: "NN-slug" | null,
//     steps: { [id]: { passedAt, hash } },   written by a passing `course check`
//     hints: { [id]: number } }              how many hints of the ladder were shown
import fs from "node:fs";
import type { CoursePaths } from "./context.ts";
import { CourseError } from "./errors.ts";
import { writeFileAtomic } from "./tree.ts";

export interface StepPass {
  passedAt: string;
  hash: string;
}

export interface Progress {
  current: string | null;
  steps: Record<string, StepPass>;
  hints: Record<string, number>;
}

export function readProgress(paths: CoursePaths): Progress {
  if (!fs.existsSync(paths.progress)) return { current: null, steps: {}, hints: {} };
  let parsed: Partial<Progress>;
  try {
    parsed = JSON.parse(fs.readFileSync(paths.progress, "utf8")) as Partial<Progress>;
  } catch {
    throw new CourseError(
      ".course/progress.json is not valid JSON. Fix or delete it (you lose only the ✓ marks and hint counts), then",
      "course status",
    );
  }
  return { current: parsed.current ?? null, steps: parsed.steps ?? {}, hints: parsed.hints ?? {} };
}

export function updateProgress(paths: CoursePaths, change: (progress: Progress) => void): Progress {
  const progress = readProgress(paths);
  change(progress);
  writeFileAtomic(paths.progress, `${JSON.stringify(progress, null, 2)}\n`);
  return progress;
}
