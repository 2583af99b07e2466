// "Run checks" on a step page: the same checker as `course check` (runCheck,
// through the workspace's warm runner when the site has one), and a pass recorded in .course/progress.json
// exactly as `course check` records it, so every page shows the new ✓.
import type { CheckOutcome } from "../scripts/course/check/outcome.ts";
import { runCheck } from "../scripts/course/check/run.ts";
import type { CoursePaths } from "../scripts/course/context.ts";
import { CourseError } from "../scripts/course/errors.ts";
import { updateProgress } from "../scripts/course/progress.ts";
import type { Step } from "../scripts/course/steps.ts";

/** A check that could not start (no app/ yet, no checker) is a sentence for the learner. */
export type CheckResult = { ok: true; outcome: CheckOutcome } | { ok: false; problem: string };

export type StepCheck = (step: Step) => Promise<CheckOutcome>;

/** `check` is the warm runner when the site has one (site/main.ts); else a fresh vitest runs the checker. */
export async function checkStep(paths: CoursePaths, step: Step, check: StepCheck = (chosen) => runCheck(paths, chosen)): Promise<CheckResult> {
  let outcome: CheckOutcome;
  try {
    outcome = await check(step);
  } catch (error) {
    if (error instanceof CourseError) return { ok: false, problem: error.message };
    throw error;
  }
  if (outcome.status === "pass") {
    updateProgress(paths, (progress) => {
      progress.steps[step.id] = { passedAt: new Date().toISOString(), hash: outcome.hash };
    });
  }
  return { ok: true, outcome };
}
