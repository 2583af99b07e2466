// `course start NN`, `course solve [NN]`, `course reset [NN]`: snapshot app/,
// then replace it with starter(NN) or solution(NN).
import { buildTree } from "../chain.ts";
import { chosenStep, currentStep, openCourse, type Course } from "../open-course.ts";
import { CourseError } from "../errors.ts";
import { readProgress } from "../progress.ts";
import { stepAfter, type Step } from "../steps.ts";
import { replaceApp, type Replaced } from "../transaction.ts";
import { writeTree } from "../tree.ts";
import { color, next, say, typeable } from "../ui.ts";

type ApplyVerb = "start" | "solve" | "reset";

export function applyCommand(verb: ApplyVerb, stepName: string | undefined): void {
  const course = openCourse();
  const step = verb === "start" && stepName === undefined ? refuseBareStart(course) : chosenStep(course, stepName);
  const tree = buildTree(course.steps, step, verb === "solve" ? "solution" : "starter");
  const replaced = replaceApp(course.paths, (dir) => writeTree(dir, tree), {
    command: `course ${verb} ${step.id}`,
    current: step.id,
    snapshot: { verb, step: step.id, current: readProgress(course.paths).current },
  });
  reportSnapshot(replaced);
  const what = verb === "solve" ? "the solution" : "the starter";
  say(`${color.green("✓")} app/ now holds ${what} for step ${color.bold(step.id)}.`);
  if (verb === "solve") {
    const following = stepAfter(course.steps, step);
    next(
      following
        ? `read how it works with \`course compare\`, then \`course start ${following.label}\``
        : "that was the last step — compare with `course compare`",
    );
  } else {
    next(`read \`course lesson ${step.label}\`, look for EXERCISE comments in app/, then \`course check\` (or \`course watch\`)`);
  }
}

export function reportSnapshot({ snapshot, lateEntries }: Replaced): void {
  if (!snapshot) return;
  say(`Saved your app/ first: ${color.bold(`.course/snapshots/${snapshot.id}/`)}`);
  if (lateEntries > 0) say(`  It also holds ${lateEntries} file(s) you saved while this ran.`);
  say(color.dim(`  (bring it back with \`${typeable(`course restore ${snapshot.id}`)}\`)`));
}

function refuseBareStart(course: Course): Step {
  const current = currentStep(course);
  const suggestion = current ? (stepAfter(course.steps, current) ?? current) : course.steps[0];
  if (!suggestion) throw new CourseError("This course has no steps yet (steps/ is empty)");
  throw new CourseError("Which step? `course start` needs a step number", `course start ${suggestion.label}`);
}
