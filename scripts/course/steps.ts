// The numbered steps: directories `NN-slug` in steps/, each with a solution
// overlay, a lesson and a checker. Steps can be named "2", "02" or "02-socket-mount".
import fs from "node:fs";
import path from "node:path";
import { CourseError } from "./errors.ts";

const STEP_DIRECTORY = /^(\d{2,})-([a-z0-9][a-z0-9-]*)$/;

export interface Step {
  id: string;
  number: number;
  /** The number as written in the id: "02". */
  label: string;
  slug: string;
  starterDir: string;
  solutionDir: string;
  lessonFile: string;
  checkerFile: string;
}

export function listSteps(root: string): Step[] {
  const stepsDir = path.join(root, "steps");
  if (!fs.existsSync(stepsDir)) return [];
  return fs
    .readdirSync(stepsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && STEP_DIRECTORY.test(entry.name))
    .map((entry) => describeStep(root, entry.name))
    .sort((a, b) => a.number - b.number);
}

function describeStep(root: string, id: string): Step {
  const [, label, slug] = STEP_DIRECTORY.exec(id)!;
  return {
    id,
    number: Number(label),
    label: label!,
    slug: slug!,
    starterDir: path.join(root, "steps", id),
    solutionDir: path.join(root, "solutions", id),
    lessonFile: path.join(root, "lessons", `${id}.mdx`),
    checkerFile: path.join(root, "test", "steps", `${id}.test.ts`),
  };
}

/** Finds a step by "2", "02", "02-socket-mount" or "socket-mount". */
export function findStep(steps: Step[], name: string): Step | null {
  const wanted = name.trim();
  if (/^\d+$/.test(wanted)) return steps.find((step) => step.number === Number(wanted)) ?? null;
  return steps.find((step) => step.id === wanted || step.slug === wanted) ?? null;
}

export function resolveStep(steps: Step[], name: string): Step {
  if (steps.length === 0) throw new CourseError("This course has no steps (steps/ is empty)");
  const step = findStep(steps, name);
  if (!step) {
    const range = `${steps[0]!.label}–${steps[steps.length - 1]!.label}`;
    throw new CourseError(`There is no step "${name}" (steps are ${range})`, "course status");
  }
  return step;
}

export function stepAfter(steps: Step[], step: Step): Step | null {
  return steps[steps.indexOf(step) + 1] ?? null;
}
