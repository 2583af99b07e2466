// A lesson (lessons/NN-slug.mdx): front matter read with gray-matter —
//   title: the step's name, shown by `course status`
// — and an MDX body whose <Hints> block is the ladder `course hint` climbs,
// one rung per call (the course site shows the same block as a ladder).
import fs from "node:fs";
import path from "node:path";
import { CourseTreeError } from "./errors.ts";
import { hintLadderIn } from "./hint-ladder.ts";
import type { Step } from "./steps.ts";

export interface Lesson {
  title: string;
  /** The rungs of the <Hints> ladder, as Markdown. */
  hints: string[];
  /** The MDX after the front matter. */
  body: string;
}

/** The lesson, or a list of what is wrong with it (for course authors and the honesty proof). */
export async function loadLesson(step: Step): Promise<{ lesson: Lesson; problems: string[] }> {
  const where = `lessons/${path.basename(step.lessonFile)}`;
  if (!fs.existsSync(step.lessonFile)) return { lesson: { title: step.slug, hints: [], body: "" }, problems: [`${where} is missing`] };
  const { default: matter } = await import("gray-matter");
  const { data, content } = matter(fs.readFileSync(step.lessonFile, "utf8"));
  const problems: string[] = [];
  const title = typeof data.title === "string" && data.title.trim() ? data.title.trim() : null;
  if (!title) problems.push(`${where}: front matter needs a \`title:\``);
  const { hints, problems: ladderProblems } = hintLadderIn(content);
  problems.push(...ladderProblems.map((problem) => `${where}: ${problem}`));
  if ("hints" in data) problems.push(`${where}: hints live in the body now, as <Hints><Hint>…</Hint></Hints>, not in the front matter`);
  return { lesson: { title: title ?? step.slug, hints, body: content }, problems };
}

export async function readLesson(step: Step): Promise<Lesson> {
  const { lesson, problems } = await loadLesson(step);
  if (!fs.existsSync(step.lessonFile)) throw new CourseTreeError(problems.join("\n"));
  return lesson;
}
