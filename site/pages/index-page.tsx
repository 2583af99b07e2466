// The course index: every step with its status, the next command, and the loop.
import type { CourseView, StepMark, StepRow } from "../course-view.ts";
import { Command } from "./layout.tsx";

const MARKS: Record<StepMark, { symbol: string; words: string }> = {
  passed: { symbol: "✓", words: "passed" },
  current: { symbol: "•", words: "current" },
  failing: { symbol: "✗", words: "not passing yet" },
  ahead: { symbol: "·", words: "not started" },
};

// The verbs of the loop, in the order a learner meets them.
const LOOP: Array<[command: string, does: string]> = [
  ["npx course start NN", "save app/ to a snapshot, then put step NN's starter files in app/"],
  ["npx course check", "run the step's checks against app/; a pass is recorded here"],
  ["npx course lesson", "read the lesson in the terminal (or here, on this site)"],
  ["npx course hint", "the next hint for the step, one rung of the ladder at a time"],
  ["npx course compare", "diff app/ against the reference solution"],
  ["npx course solve", "apply the solution (app/ is saved to a snapshot first)"],
  ["npx course restore", "bring back a snapshot: nothing you wrote is lost"],
];

export function IndexPage({ course }: { course: CourseView }) {
  return (
    <>
      <h1>Live Auth Course</h1>
      <p>Session authentication for live, socket-driven pages, one measured step at a time.</p>
      {course.progressProblem && <p className="warning">{course.progressProblem}</p>}
      <section className="next">
        <strong>Next:</strong> {course.next.sentence} {course.next.command && <Command text={course.next.command} />}
      </section>
      <ol className="steps">
        {course.steps.map((step) => (
          <StepItem key={step.id} step={step} />
        ))}
      </ol>
      <section className="loop">
        <h2>How the loop works</h2>
        <p>Start a step, read its lesson, change app/ until the checks pass. Your app runs beside this site and restarts on every save.</p>
        <dl>
          {LOOP.map(([command, does]) => (
            <div key={command}>
              <dt>
                <Command text={command} />
              </dt>
              <dd>{does}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}

function StepItem({ step }: { step: StepRow }) {
  const mark = MARKS[step.mark];
  return (
    <li className={`step ${step.mark}`}>
      <span className="mark" role="img" title={mark.words} aria-label={mark.words}>
        {mark.symbol}
      </span>
      <span className="label">{step.label}</span>
      <a href={`/lessons/${step.id}`}>{step.title}</a>
      <span className="status">{mark.words}</span>
      {step.command && <Command text={step.command} />}
    </li>
  );
}
