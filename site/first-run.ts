// A new learner's first `npm start`: there is no app/ and no step started yet,
// so create app/ from step 00's starter (what `course start 00` does), giving
// the site an app to run. Never touches an existing app/.
import { existsSync } from "node:fs";
import { applyCommand } from "../scripts/course/commands/apply.ts";
import { coursePaths } from "../scripts/course/context.ts";
import { CourseError } from "../scripts/course/errors.ts";
import { recoverCourse } from "../scripts/course/open-course.ts";
import { readProgress } from "../scripts/course/progress.ts";

/** Returns whether it created app/. */
export function startFirstStepIfNew(root: string): boolean {
  const paths = coursePaths(root);
  if (existsSync(paths.app) || readProgress(paths).current !== null) return false;
  console.log("[site] First run: creating app/ from step 00 (the same as `npx course start 00`).");
  applyCommand("start", "00");
  return true;
}

/** Finishes a `course` command that was killed mid-swap, so a kill never reads as "no step started". */
export function recoverInterruptedCommand(root: string): void {
  try {
    const recovered = recoverCourse(coursePaths(root));
    if (recovered) console.log(`[site] ${recovered}`);
  } catch (error) {
    // Another `course` command is replacing app/ right now: say so, and let the site come up anyway.
    if (!(error instanceof CourseError)) throw error;
    console.error(`[site] ${error.message}`);
  }
}
