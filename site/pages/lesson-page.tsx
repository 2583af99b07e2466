// One lesson, rendered from its MDX, with the step's buttons. Its <Hints>
// ladder shows the rungs already seen (the count `course hint` keeps) and
// reveals one more per click, in place.
import type { StepRow } from "../course-view.ts";
import type { LessonResult } from "../lessons.ts";
import { Command, CsrfField } from "./layout.tsx";

export interface LessonPageProps {
  step: StepRow;
  result: LessonResult;
  previous: StepRow | null;
  next: StepRow | null;
  csrfToken: string;
}

const MARK_WORDS = { passed: "✓ passed", current: "• current step", failing: "✗ not passing yet", ahead: "not started" } as const;

export function LessonPage({ step, result, previous, next, csrfToken }: LessonPageProps) {
  return (
    <article className="lesson" data-hints-shown={step.hintsShown}>
      <p className="eyebrow">
        Step {step.label} · <span className={`step-mark ${step.mark}`}>{MARK_WORDS[step.mark]}</span>
      </p>
      <LessonBody step={step} result={result} />
      <nav className="step-actions" aria-label="This step">
        <form method="post" action={`/lessons/${step.id}/check`} data-busy="Running the checks…">
          <CsrfField token={csrfToken} />
          <button type="submit">Run the checks for step {step.label}</button>
        </form>
        <a href={`/lessons/${step.id}/compare`}>Compare app/ with the solution</a>
      </nav>
      <aside className="stuck">
        {/* divs, not p: a form cannot sit inside a paragraph. */}
        <div>
          Stuck? <VerbButton step={step} verb="hint" label="Show the next hint" token={csrfToken} hintForm /> or run{" "}
          <Command text={`npx course hint ${step.label}`} />. Check your work with <Command text={`npx course check ${step.label}`} />.
        </div>
        <div>
          {step.mark !== "current" && <VerbButton step={step} verb="start" label={`Start step ${step.label}`} token={csrfToken} />}
          <VerbButton step={step} verb="solve" label="Apply the solution" token={csrfToken} />
          <VerbButton step={step} verb="reset" label="Put the starter back" token={csrfToken} />
          <span className="muted"> Each saves your app/ as a snapshot first.</span>
        </div>
      </aside>
      <nav className="pager">
        {previous ? (
          <a rel="prev" href={`/lessons/${previous.id}`}>
            ← {previous.label} {previous.title}
          </a>
        ) : (
          <span />
        )}
        {next ? (
          <a rel="next" href={`/lessons/${next.id}`}>
            {next.label} {next.title} →
          </a>
        ) : (
          <span />
        )}
      </nav>
    </article>
  );
}

/**
 * A `course` verb as a button: a POST with the CSRF token, run by the CLI
 * itself. The hint form is also how /hints.js records a rung shown in place.
 */
function VerbButton({ step, verb, label, token, hintForm }: { step: StepRow; verb: string; label: string; token: string; hintForm?: boolean }) {
  const marks = hintForm ? { "data-hint-form": "" } : { "data-busy": `${label}…` };
  return (
    <form className="verb" method="post" action={`/lessons/${step.id}/${verb}`} {...marks}>
      <CsrfField token={token} />
      <button type="submit" className="secondary">
        {label}
      </button>
    </form>
  );
}

function LessonBody({ step, result }: Pick<LessonPageProps, "step" | "result">) {
  if (!result.ok && result.reason === "missing") {
    return (
      <>
        <h1>{step.title}</h1>
        <p>This step has no lesson yet (lessons/{step.id}.mdx).</p>
      </>
    );
  }
  if (!result.ok) {
    return (
      <>
        <h1>{step.title}</h1>
        <p className="warning">lessons/{step.id}.mdx does not compile. Fix it and reload:</p>
        <pre>{result.message}</pre>
      </>
    );
  }
  const { title, html } = result.lesson;
  return (
    <>
      {!html.includes("<h1") && <h1>{title}</h1>}
      {/* Course content, compiled from the repository's own MDX: trusted HTML. */}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the lessons are this repository's own files */}
      <div className="lesson-body" dangerouslySetInnerHTML={{ __html: html }} />
    </>
  );
}
