// What one run of the step's checks found, learner first: the count, then each
// failing check with what to change and a link to the lesson section to read.
import { Suspense, use } from "react";
import { TIMEOUT_SENTENCE, type CheckItem, type CheckOutcome, type CodeProblem } from "../../scripts/course/check/outcome.ts";
import type { CheckResult } from "../check-action.ts";
import type { StepRow } from "../course-view.ts";
import { slugify } from "../lessons.ts";
import { CodeProblemView } from "./code-problem.tsx";
import { Command } from "./layout.tsx";

/** A finished run, with the step's row read after it (a pass changes it) and the step after. */
export interface FinishedCheck {
  result: CheckResult;
  step: StepRow;
  next: StepRow | null;
}

export function CheckPage({ step, run }: { step: StepRow; run: Promise<FinishedCheck> }) {
  return (
    <article className="check">
      <p className="eyebrow">
        Step {step.label} · <a href={`/lessons/${step.id}`}>{step.title}</a>
      </p>
      <h1>Checks for step {step.label}</h1>
      <Suspense
        fallback={
          <p className="check-running" role="status">
            Running the checks for step {step.label} — the same checks as <Command text={`npx course check ${step.label}`} />…
          </p>
        }
      >
        <FinishedCheckView run={run} />
      </Suspense>
      <p>
        <a href={`/lessons/${step.id}`}>Back to the lesson</a> · <a href={`/lessons/${step.id}/compare`}>Compare with the solution</a>
      </p>
    </article>
  );
}

function FinishedCheckView({ run }: { run: Promise<FinishedCheck> }) {
  const { result, step, next } = use(run);
  return (
    <div className="check-result" role="status">
      {result.ok ? <Outcome step={step} outcome={result.outcome} /> : <p className="warning">{result.problem}</p>}
      {result.ok && result.outcome.status === "pass" && (
        <p>
          Progress saved.{" "}
          {next ? (
            <>
              Next:{" "}
              <a href={`/lessons/${next.id}`}>
                {next.label} {next.title}
              </a>{" "}
              — <Command text={`npx course start ${next.label}`} />
            </>
          ) : (
            "That was the last step — well done."
          )}
        </p>
      )}
    </div>
  );
}

function Outcome({ step, outcome }: { step: StepRow; outcome: CheckOutcome }) {
  switch (outcome.status) {
    case "compile-error":
      return <Problems what="does not compile, so no checks ran" problems={outcome.problems} />;
    case "load-error":
      return <Problems what="could not be loaded by the checker, so no checks ran" problems={outcome.problems} />;
    case "timeout":
      return <p className="bad">{TIMEOUT_SENTENCE(outcome.durationMs)}</p>;
    case "runner-error":
      return (
        <>
          <p className="bad">The checker did not run. This is a problem with the course, not your code. Runner output:</p>
          <pre>{outcome.output ?? "(none)"}</pre>
        </>
      );
    default: {
      const failures = outcome.checks.filter((check) => check.status === "fail");
      return (
        <>
          <p className={`check-summary ${outcome.status === "pass" ? "ok" : "bad"}`}>
            {outcome.status === "pass" ? "✓" : "✗"}{" "}
            <strong>
              {outcome.passed}/{outcome.total} checks pass
            </strong>{" "}
            — step {outcome.step}
          </p>
          {failures.length > 0 && (
            <ol className="failures">
              {failures.map((check) => (
                <Failure key={check.title} step={step} check={check} />
              ))}
            </ol>
          )}
          {outcome.problems.map((problem, index) => (
            <p key={index} className="bad">
              ✗ {problem.message}
            </p>
          ))}
          {outcome.notes.trim() && <pre className="check-notes">{outcome.notes.trimEnd()}</pre>}
        </>
      );
    }
  }
}

function Failure({ step, check }: { step: StepRow; check: CheckItem }) {
  const failure = check.failure!;
  return (
    <li className="failure">
      <p className="failure-title">✗ {check.title}</p>
      <p className="what-to-change">{failure.kind === "assertion" ? <strong>{failure.message}</strong> : failure.message}</p>
      {failure.detail && <p className="muted">{failure.detail}</p>}
      {failure.location && (
        <p className="muted">
          at <code>{failure.location}</code>
        </p>
      )}
      {check.section && (
        <p>
          Read: <a href={`/lessons/${step.id}#${slugify(check.section)}`}>§ {check.section}</a>
        </p>
      )}
    </li>
  );
}

function Problems({ what, problems }: { what: string; problems: CodeProblem[] }) {
  return (
    <>
      <p className="bad">
        <strong>Your code {what}.</strong>
      </p>
      {problems.map((problem, index) => (
        <CodeProblemView key={index} problem={problem} />
      ))}
    </>
  );
}
