// `course check [NN]`: run the step's checker against app/, print what to do
// next, and record a pass in .course/progress.json.
import { printOutcome } from "../check/report.ts";
import type { CheckOutcome } from "../check/outcome.ts";
import { askRunner, findRunner } from "../check/runner-file.ts";
import { runCheck } from "../check/run.ts";
import { chosenStep, openCourse, type Course } from "../open-course.ts";
import { updateProgress } from "../progress.ts";
import { stepAfter, type Step } from "../steps.ts";
import { next, say } from "../ui.ts";

export interface CheckFlags {
  json?: boolean;
  verbose?: boolean;
}

export async function checkCommand(stepName: string | undefined, flags: CheckFlags): Promise<number> {
  const course = openCourse();
  const step = chosenStep(course, stepName);
  const outcome = await checkAndReport(course, step, flags, () => warmOrColdCheck(course, step, flags));
  return outcome.status === "pass" ? 0 : 1;
}

/** Through the warm runner of a running `course watch` when there is one; else a fresh vitest. */
async function warmOrColdCheck(course: Course, step: Step, flags: CheckFlags): Promise<CheckOutcome> {
  // --verbose wants the test runner's own output, which only a fresh runner prints.
  const runner = flags.verbose ? null : findRunner(course.paths, course.paths.app);
  const warm = runner ? await askRunner(runner, step.id) : null;
  return warm ?? runCheck(course.paths, step, { keepOutput: flags.verbose });
}

/** One check, printed and recorded: shared by `course check` and `course watch`. */
export async function checkAndReport(
  course: Course,
  step: Step,
  flags: CheckFlags & { compactJson?: boolean },
  check: () => Promise<CheckOutcome>,
): Promise<CheckOutcome> {
  const outcome = await check();
  if (outcome.status === "pass") {
    updateProgress(course.paths, (progress) => {
      progress.steps[step.id] = { passedAt: new Date().toISOString(), hash: outcome.hash };
    });
  }
  if (flags.json) {
    say(flags.compactJson ? JSON.stringify(outcome) : JSON.stringify(outcome, null, 2));
    return outcome;
  }
  printOutcome(outcome, step.label, flags.verbose ?? false);
  say();
  printNext(course, step, outcome);
  return outcome;
}

function printNext(course: Course, step: Step, outcome: CheckOutcome): void {
  const following = stepAfter(course.steps, step);
  switch (outcome.status) {
    case "pass":
      say("Progress saved.");
      return next(following ? `\`course start ${following.label}\`` : "that was the last step — well done. See the reference with `course compare`");
    case "fail":
      if (outcome.problems.some((problem) => problem.kind === "type")) return next("fix the type errors above, then `course check` again");
      return next(`fix the first failure above, then \`course check\` again. Stuck? \`course hint ${step.label}\``);
    case "compile-error":
      return next("fix the syntax error above, then `course check` again");
    case "load-error":
      return next(`fix the import or export above, then \`course check\` again (\`course compare ${step.label}\` shows the reference)`);
    case "timeout":
      return next("find what never finishes in what you changed last, then `course check` again");
    case "runner-error":
      return next("`course check --verbose` shows everything the runner printed");
  }
}
