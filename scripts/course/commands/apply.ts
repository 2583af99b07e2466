// `course start NN`, `course solve [NN]`, `course reset [NN]`: snapshot app/,
// then replace it with starter(NN) or solution(NN).
import { buildTree } from "../chain.ts";
import { chosenStep, currentStep, openCourse, type Course } from "../open-course.ts";
import { CourseError } from "../errors.ts";
import { readProgress } from "../progress.ts";
import { takeSnapshot, type Snapshot } from "../snapshots.ts";
import { stepAfter, type Step } from "../steps.ts";
import { replaceApp } from "../transaction.ts";
import { color, next, say } from "../ui.ts";

type ApplyVerb = "start" | "solve" | "reset";

export function applyCommand(verb: ApplyVerb, stepName: string | undefined): void {
  const course = openCourse();
  const step = verb === "start" && stepName === undefined ? refuseBareStart(course) : chosenStep(course, stepName);
  const tree = buildTree(course.steps, step, verb === "solve" ? "solution" : "starter");
  const snapshot = takeSnapshot(course.paths, verb, step.id, readProgress(course.paths).current);
  replaceApp(course.paths, tree, { command: `course ${verb} ${step.id}`, current: step.id });
  reportSnapshot(snapshot);
  const what = verb === "solve" ? "the solution" : "the starter";
  say(`${color.green("✓")} app/ now holds ${what} for step ${color.bold(step.id)}.`);
  if (verb === "solve") {
    const following = stepAfter(course.steps, step);
    next(following ? `read how it works with \`course compare\`, then \`course start ${following.label}\`` : "that was the last step — compare with `course compare`");
  } else {
    next(`read \`course lesson ${step.label}\`, look for EXERCISE comments in app/, then \`course check\` (or \`course watch\`)`);
  }
}

export function reportSnapshot(snapshot: Snapshot | null): void {
  if (!snapshot) return;
  say(`Saved your app/ first: ${color.bold(`.course/snapshots/${snapshot.id}/`)}`);
  say(color.dim(`  (bring it back with \`course restore ${snapshot.id}\`)`));
}

function refuseBareStart(course: Course): Step {
  const current = currentStep(course);
  const suggestion = current ? (stepAfter(course.steps, current) ?? current) : course.steps[0];
  if (!suggestion) throw new CourseError("This course has no steps yet (steps/ is empty)");
  throw new CourseError("Which step? `course start` needs a step number", `course start ${suggestion.label}`);
}
