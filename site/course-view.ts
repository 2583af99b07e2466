// What the course index shows: every step with its lesson title and status,
// and the one command to run next. Reads the same files as `course status`
// (steps/, lessons/ front matter, .course/progress.json) through its modules.
import { coursePaths } from "../scripts/course/context.ts";
import { CourseError } from "../scripts/course/errors.ts";
import { loadLesson } from "../scripts/course/lessons.ts";
import { readProgress, type Progress } from "../scripts/course/progress.ts";
import { findStep, listSteps, stepAfter, type Step } from "../scripts/course/steps.ts";

/** ✓ passed, • current, ✗ before the current step and not passing, · not reached. */
export type StepMark = "passed" | "current" | "failing" | "ahead";

export interface StepRow {
  id: string;
  label: string;
  title: string;
  mark: StepMark;
  passedAt: string | null;
  /** How many rungs of the step's hint ladder the learner has seen. */
  hintsShown: number;
  /** What to type for this step, when there is something to type. */
  command: string | null;
}

export interface NextThing {
  sentence: string;
  command: string | null;
}

export interface CourseView {
  steps: StepRow[];
  next: NextThing;
  /** Set when .course/progress.json cannot be read; the page shows it instead of failing. */
  progressProblem: string | null;
}

export async function describeCourse(root: string): Promise<CourseView> {
  const steps = listSteps(root);
  const { progress, problem } = progressOf(root);
  const current = progress.current ? findStep(steps, progress.current) : null;
  const currentIndex = current ? steps.indexOf(current) : -1;
  const rows = await Promise.all(
    steps.map(async (step, index) => {
      const { lesson } = await loadLesson(step);
      const mark = markFor(step, index, currentIndex, progress);
      return {
        id: step.id,
        label: step.label,
        title: lesson.title,
        mark,
        passedAt: progress.steps[step.id]?.passedAt ?? null,
        hintsShown: progress.hints[step.id] ?? 0,
        command: commandFor(step, mark),
      };
    }),
  );
  return { steps: rows, next: nextThing(steps, current, progress), progressProblem: problem };
}

function progressOf(root: string): { progress: Progress; problem: string | null } {
  try {
    return { progress: readProgress(coursePaths(root)), problem: null };
  } catch (error) {
    if (!(error instanceof CourseError)) throw error;
    return { progress: { current: null, steps: {}, hints: {} }, problem: error.message };
  }
}

function markFor(step: Step, index: number, currentIndex: number, progress: Progress): StepMark {
  if (progress.steps[step.id] !== undefined) return "passed";
  if (index === currentIndex) return "current";
  return index < currentIndex ? "failing" : "ahead";
}

function commandFor(step: Step, mark: StepMark): string | null {
  if (mark === "current") return "npx course check";
  if (mark === "passed") return null;
  return `npx course start ${step.label}`;
}

function nextThing(steps: Step[], current: Step | null, progress: Progress): NextThing {
  const first = steps[0];
  if (!first) return { sentence: "This course has no steps yet (steps/ is empty).", command: null };
  if (!current) return { sentence: "Start with the first step:", command: `npx course start ${first.label}` };
  if (progress.steps[current.id] === undefined) {
    return {
      sentence: `Work on step ${current.label} in app/, then run the checks on its lesson page, or in a terminal:`,
      command: "npx course check",
    };
  }
  const following = stepAfter(steps, current);
  if (following) return { sentence: `Step ${current.label} passes. On to the next one:`, command: `npx course start ${following.label}` };
  const unpassed = steps.find((step) => progress.steps[step.id] === undefined);
  if (unpassed) return { sentence: `Step ${unpassed.label} does not pass yet:`, command: `npx course start ${unpassed.label}` };
  return { sentence: "Every step passes — well done. Compare your app with the reference solution:", command: "npx course compare" };
}
