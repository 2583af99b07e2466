// A lesson's front matter (lessons/NN-slug.mdx, read with gray-matter):
//   title: the step's name, shown by `course status`
//   hints: the ladder `course hint` climbs, one rung per call
import fs from "node:fs";
import path from "node:path";
import { CourseTreeError } from "./errors.ts";
import type { Step } from "./steps.ts";

export interface Lesson {
  title: string;
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
  const hints = Array.isArray(data.hints) ? data.hints.filter((hint): hint is string => typeof hint === "string" && hint.trim() !== "") : [];
  if (hints.length === 0 || hints.length !== (data.hints as unknown[]).length) {
    problems.push(`${where}: front matter needs \`hints:\`, a list of one or more strings`);
  }
  return { lesson: { title: title ?? step.slug, hints, body: content }, problems };
}

export async function readLesson(step: Step): Promise<Lesson> {
  const { lesson, problems } = await loadLesson(step);
  if (!fs.existsSync(step.lessonFile)) throw new CourseTreeError(problems.join("\n"));
  return lesson;
}
