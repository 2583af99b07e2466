// `course` / `course status`: where the learner is, and what to type next.
import { currentStep, openCourse, type Course } from "../open-course.ts";
import { loadLesson } from "../lessons.ts";
import { readProgress, type Progress } from "../progress.ts";
import { stepAfter, type Step } from "../steps.ts";
import { color, next, say } from "../ui.ts";

export async function statusCommand(): Promise<void> {
  const course = openCourse();
  const progress = readProgress(course.paths);
  const current = currentStep(course);
  if (course.steps.length === 0) {
    say("This course has no steps yet (steps/ is empty).");
    return;
  }
  say(color.bold("Live Auth Course"));
  say();
  const currentIndex = current ? course.steps.indexOf(current) : -1;
  for (const [index, step] of course.steps.entries()) {
    const { lesson } = await loadLesson(step);
    const here = index === currentIndex ? color.cyan("  ← current") : "";
    say(`  ${markFor(step, index, currentIndex, progress)} ${step.id.padEnd(28)} ${lesson.title}${here}`);
  }
  say();
  next(nextThing(course, current, progress));
}

function markFor(step: Step, index: number, currentIndex: number, progress: Progress): string {
  if (progress.steps[step.id] !== undefined) return color.green("✓");
  if (index === currentIndex) return color.cyan("•");
  return index < currentIndex ? color.red("✗") : color.dim("·");
}

function nextThing(course: Course, current: Step | null, progress: Progress): string {
  if (!current) return `\`course start ${course.steps[0]!.label}\``;
  if (progress.steps[current.id] === undefined) {
    return `work on step ${current.label} in app/ and run \`course check\` (or \`course watch\`). The lesson: \`course lesson\``;
  }
  const following = stepAfter(course.steps, current);
  const unpassed = course.steps.find((step) => progress.steps[step.id] === undefined);
  if (following) return `\`course start ${following.label}\``;
  if (unpassed) return `step ${unpassed.label} does not pass yet — \`course start ${unpassed.label}\``;
  return "all steps pass — well done. `course compare` shows the reference solution";
}
