// `course compare [NN]`: app/ against solution(NN), file by file.
// `--three-way` shows, for each file that differs, starter → yours and yours → solution.
import fs from "node:fs";
import { buildTree } from "../chain.ts";
import { compareTrees, renderDiff, type Change, type FileChange } from "../compare.ts";
import { chosenStep, openCourse } from "../open-course.ts";
import { CourseError } from "../errors.ts";
import { isNoise, readTree, type Tree } from "../tree.ts";
import { color, next, say } from "../ui.ts";

const LABELS: Record<Change, string> = {
  added: color.green("added  "),
  changed: color.yellow("changed"),
  deleted: color.red("deleted"),
};

export function compareCommand(stepName: string | undefined, flags: { threeWay?: boolean; json?: boolean }): void {
  const course = openCourse();
  const step = chosenStep(course, stepName);
  if (!fs.existsSync(course.paths.app)) throw new CourseError("There is no app/ to compare yet", `course start ${step.label}`);
  const yours = readTree(course.paths.app, isNoise);
  const solution = buildTree(course.steps, step, "solution");
  const changes = compareTrees(yours, solution);
  if (flags.json) {
    const files = (change: Change) => changes.filter((each) => each.change === change).map((each) => each.file);
    say(JSON.stringify({ step: step.id, added: files("added"), changed: files("changed"), deleted: files("deleted") }, null, 2));
    return;
  }
  if (changes.length === 0) {
    say(`${color.green("✓")} app/ matches the solution for step ${step.id}.`);
    return;
  }
  const starter = flags.threeWay ? buildTree(course.steps, step, "starter") : null;
  say(color.bold(`app/ against the solution for step ${step.id}: ${summary(changes)}`));
  say(color.dim("  added = in the solution, not in app/ · deleted = in app/, not in the solution"));
  for (const change of changes) printChange(change, yours, solution, starter);
  say();
  next(`\`course check ${step.label}\`; to take the solution wholesale, \`course solve ${step.label}\` (app/ is snapshotted first)`);
}

function printChange({ file, change }: FileChange, yours: Tree, solution: Tree, starter: Tree | null): void {
  say();
  say(`${LABELS[change]}  ${color.bold(file)}`);
  if (starter) {
    say(color.magenta("  starter → yours"));
    say(indent(renderDiff(file, starter.get(file), yours.get(file), ["starter", "yours"])));
    say(color.magenta("  yours → solution"));
  }
  say(indent(renderDiff(file, yours.get(file), solution.get(file), ["yours", "solution"])));
}

function summary(changes: FileChange[]): string {
  const count = (change: Change) => changes.filter((each) => each.change === change).length;
  return (["changed", "added", "deleted"] as const)
    .filter((change) => count(change) > 0)
    .map((change) => `${count(change)} ${change}`)
    .join(", ");
}

function indent(text: string): string {
  return text.replace(/^/gm, "  ");
}
