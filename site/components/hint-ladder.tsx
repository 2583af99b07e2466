// For lessons: the hint ladder, `<Hints><Hint>…</Hint>…</Hints>`. The same
// block is what `course hint` reads (scripts/course/hint-ladder.ts), so the
// site and the terminal climb one ladder. The rungs are sent hidden; on the
// page, /hints.js shows the ones already seen and a button for the next one.
import { Children, isValidElement, type ReactNode } from "react";

export function Hints({ children }: { children?: ReactNode }) {
  const rungs = Children.toArray(children).filter(isValidElement<{ children?: ReactNode }>);
  return (
    <div className="hint-ladder" data-hint-ladder>
      <ol className="hint-rungs" aria-live="polite">
        {rungs.map((rung, index) => (
          <li key={index} className="hint-rung" tabIndex={-1} hidden>
            <strong className="hint-number">{`Hint ${index + 1} of ${rungs.length}`}</strong>
            {rung.props.children}
          </li>
        ))}
      </ol>
      <button type="button" className="secondary" data-hint-next hidden>
        {`Show hint 1 of ${rungs.length}`}
      </button>
      <p className="hint-last muted" hidden>
        That was the last hint. Compare shows the whole solution.
      </p>
    </div>
  );
}

/** One rung; on its own (outside <Hints>) it shows as a plain aside. */
export function Hint({ children }: { children?: ReactNode }) {
  return <aside className="hint-rung">{children}</aside>;
}
