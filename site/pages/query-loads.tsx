// The query inspector's tables: for each page load or live navigation of the
// learner's app, the statements per phase, the user-loading ones marked, and
// the "= N" line the lessons and checkers use.
import type { Phase } from "../../live/query-log.ts";
import type { PageLoad, QueryRecord } from "../query-inspector.ts";

const PHASES: Array<[Phase, string]> = [
  ["http", "http"],
  ["mount:dead", "dead mount"],
  ["upgrade", "upgrade"],
  ["mount:connected", "connected mount"],
  ["navigate", "navigate"],
  ["event", "event"],
];

export function QueryLoads({ loads }: { loads: PageLoad[] }) {
  if (loads.length === 0) {
    return <p className="muted">No statements yet. Load a page of your app and its queries appear here.</p>;
  }
  return (
    <>
      {loads.map((load) => (
        <LoadTable key={load.number} load={load} />
      ))}
    </>
  );
}

function LoadTable({ load }: { load: PageLoad }) {
  const view = load.queries.find((query) => query.view)?.view;
  const phases = PHASES.filter(([phase]) => load.queries.some((query) => query.phase === phase));
  const userLoads = phases.map(([phase, name]) => [name, load.queries.filter((q) => q.phase === phase && q.userQuery).length] as const);
  const total = userLoads.reduce((sum, [, count]) => sum + count, 0);
  return (
    <section className="query-load" data-load={load.number}>
      <h3>
        {load.kind === "navigation" ? "Live navigation" : "Page load"} #{load.number}
        {view ? ` · ${view}` : ""} <span className="muted">{new Date(load.startedAt).toLocaleTimeString()}</span>
      </h3>
      <table>
        <thead>
          <tr>
            <th scope="col">phase</th>
            <th scope="col">statements</th>
            <th scope="col">loading the user</th>
          </tr>
        </thead>
        {phases.map(([phase, name]) => (
          <PhaseRows key={phase} name={name} queries={load.queries.filter((q) => q.phase === phase)} />
        ))}
      </table>
      <p className="query-total">
        <strong>
          user loads:{" "}
          {userLoads
            .filter(([, count]) => count > 0)
            .map(([name, count]) => `${name} ${count}`)
            .join(" + ") || "none"}{" "}
          = {total}
        </strong>{" "}
        · all statements: {load.queries.length}
      </p>
    </section>
  );
}

function PhaseRows({ name, queries }: { name: string; queries: QueryRecord[] }) {
  return (
    <tbody>
      <tr className="phase-row">
        <th scope="row">{name}</th>
        <td>{queries.length}</td>
        <td>{queries.filter((q) => q.userQuery).length}</td>
      </tr>
      {queries.map((query, index) => (
        <tr key={index} className={query.userQuery ? "statement user-query" : "statement"}>
          <td colSpan={3}>
            {query.userQuery ? (
              <span className="user-mark" title="loads the user">
                [user]{" "}
              </span>
            ) : null}
            <code>{query.sql}</code>
          </td>
        </tr>
      ))}
    </tbody>
  );
}

/** Where the feed (public/inspector.js) puts the tables; `latest` shows only the newest load. */
export function QueryFeed({ latest = false }: { latest?: boolean }) {
  return (
    <>
      <div className="query-feed" data-query-feed={latest ? "latest" : "all"} aria-live="polite">
        <p className="muted">Waiting for your app's queries…</p>
      </div>
      <script src="/inspector.js" defer />
    </>
  );
}
