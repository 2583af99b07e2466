// Opening the course for a command: paths, steps, and recovery from a
// command that was killed half-way (every command does this first).
import { coursePaths, type CoursePaths } from "./context.ts";
import { CourseError } from "./errors.ts";
import { readProgress } from "./progress.ts";
import { findStep, listSteps, resolveStep, type Step } from "./steps.ts";
import { recoverInterruptedReplace, removeAbandonedTemporaries } from "./transaction.ts";
import { warn } from "./ui.ts";

export interface Course {
  paths: CoursePaths;
  steps: Step[];
}

export function openCourse(): Course {
  const paths = coursePaths();
  const recovered = recoverCourse(paths);
  if (recovered) warn(recovered);
  return { paths, steps: listSteps(paths.root) };
}

/**
 * Finishes (or rolls back) a replace of app/ that a killed command left half
 * done, and clears its temp dirs. The CLI, `npm run app` and the site all run
 * this first: a kill between the two renames leaves no app/, and only this
 * brings it back. Returns a sentence for the learner, or null.
 */
export function recoverCourse(paths: CoursePaths): string | null {
  const recovered = recoverInterruptedReplace(paths);
  removeAbandonedTemporaries(paths);
  return recovered;
}

export function currentStep(course: Course): Step | null {
  const { current } = readProgress(course.paths);
  return current ? findStep(course.steps, current) : null;
}

/** The step named on the command line, or else the current one. */
export function chosenStep(course: Course, name: string | undefined): Step {
  if (name !== undefined) return resolveStep(course.steps, name);
  const current = currentStep(course);
  if (current) return current;
  const first = course.steps[0];
  if (!first) throw new CourseError("This course has no steps yet (steps/ is empty)");
  throw new CourseError("No step started yet", `course start ${first.label}`);
}
