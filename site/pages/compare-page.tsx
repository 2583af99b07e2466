// app/ against the step's solution, file by file, as coloured unified diffs;
// three-way shows starter → yours above yours → solution.
import type { ComparedFile, CompareView, DiffLine, FileDiff } from "../compare-view.ts";
import type { StepRow } from "../course-view.ts";
import { Command } from "./layout.tsx";

const CHANGE_WORDS = { added: "only in the solution", changed: "changed", deleted: "only in your app/" } as const;
const SIGNS = { added: "+", removed: "-", same: " " } as const;

export function ComparePage({ step, view }: { step: StepRow; view: CompareView }) {
  const base = `/lessons/${step.id}/compare`;
  return (
    <article className="compare">
      <p className="eyebrow">
        Step {step.label} · <a href={`/lessons/${step.id}`}>{step.title}</a>
      </p>
      <h1>Your app/ against the solution</h1>
      {!view.ok ? (
        <p>
          There is no app/ to compare yet — run <Command text={`npx course start ${step.label}`} />.
        </p>
      ) : (
        <>
          <p className="compare-modes">
            {view.threeWay ? <a href={base}>Two-way: yours → solution</a> : <a href={`${base}?three-way=1`}>Three-way: starter → yours → solution</a>}
            <span className="muted"> · Lines that are only an EXERCISE or HINT comment are hidden.</span>
          </p>
          {view.files.length === 0 ? (
            <p className="ok">✓ app/ matches the solution for step {view.step}.</p>
          ) : (
            view.files.map((file) => <FileSection key={file.file} file={file} />)
          )}
        </>
      )}
    </article>
  );
}

function FileSection({ file }: { file: ComparedFile }) {
  return (
    <section className="compared-file">
      <h2>
        <code>{file.file}</code> <span className={`change ${file.change}`}>{CHANGE_WORDS[file.change]}</span>
      </h2>
      {file.diffs.map((diff) => (
        <Diff key={diff.title} diff={diff} />
      ))}
    </section>
  );
}

function Diff({ diff }: { diff: FileDiff }) {
  return (
    <figure className="diff">
      <figcaption>{diff.title}</figcaption>
      {diff.binary ? (
        <p className="muted">(binary file differs)</p>
      ) : diff.hunks.length === 0 ? (
        <p className="muted">(no difference)</p>
      ) : (
        <div className="diff-scroll">
          <table>
            {diff.hunks.map((hunk, index) => (
              <tbody key={index}>
                {hunk.map((line, row) => (
                  <Line key={row} line={line} />
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </figure>
  );
}

function Line({ line }: { line: DiffLine }) {
  return (
    <tr className={`diff-line ${line.kind}`}>
      <td className="number">{line.before ?? ""}</td>
      <td className="number">{line.after ?? ""}</td>
      <td className="sign">{SIGNS[line.kind]}</td>
      <td className="code">
        <code>
          {line.tokens.map((token, index) => (
            <span key={index} style={token.color ? { color: token.color } : undefined}>
              {token.text}
            </span>
          ))}
        </code>
      </td>
    </tr>
  );
}
