// `course hint [NN]`: the next rung of the lesson's hint ladder. How far the
// learner has climbed is kept in .course/progress.json, so hints never repeat
// by accident and never jump ahead.
import { chosenStep, openCourse } from "../open-course.ts";
import { renderLesson } from "../lesson-text.ts";
import { readLesson } from "../lessons.ts";
import { readProgress, updateProgress } from "../progress.ts";
import { color, next, say } from "../ui.ts";

export async function hintCommand(stepName: string | undefined): Promise<void> {
  const course = openCourse();
  const step = chosenStep(course, stepName);
  const { hints } = await readLesson(step);
  const shown = readProgress(course.paths).hints[step.id] ?? 0;
  const reference = `\`course compare ${step.label}\` shows the solution; \`course solve ${step.label}\` applies it`;
  if (hints.length === 0) {
    say(`Step ${step.id} has no hints.`);
    return next(reference);
  }
  if (shown >= hints.length) {
    say(color.dim(`You have seen all ${hints.length} hints for step ${step.id}. The last one again:`));
    printHint(hints.length, hints.length, hints[hints.length - 1]!);
    return next(reference);
  }
  updateProgress(course.paths, (progress) => {
    progress.hints[step.id] = shown + 1;
  });
  printHint(shown + 1, hints.length, hints[shown]!);
  next(shown + 1 < hints.length ? "`course check`, or `course hint` for the next hint" : `that was the last hint. ${reference}`);
}

function printHint(number: number, total: number, hint: string): void {
  say(color.bold(`Hint ${number} of ${total}`));
  say(`  ${renderLesson(hint).replace(/\n/g, "\n  ")}`); // a rung is Markdown, as the lesson is
  say();
}
