// `course lesson [NN]`: the step's lesson, readable in the terminal.
import path from "node:path";
import { chosenStep, openCourse } from "../open-course.ts";
import { readLesson } from "../lessons.ts";
import { renderLesson } from "../lesson-text.ts";
import { color, next, say } from "../ui.ts";

export async function lessonCommand(stepName: string | undefined): Promise<void> {
  const course = openCourse();
  const step = chosenStep(course, stepName);
  const lesson = await readLesson(step);
  say(color.bold(color.underline(`${step.label} · ${lesson.title}`)));
  say(color.dim(path.relative(course.paths.root, step.lessonFile)));
  say();
  say(renderLesson(lesson.body));
  say();
  say(color.dim("With examples that run, and your progress beside them: the course site (`npm start`)."));
  next(`\`course check ${step.label}\` — or \`course hint ${step.label}\` when stuck`);
}
