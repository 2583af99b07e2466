// The query inspector's model: the learner's app runs with LIVE_QUERY_LOG=json
// and prints one JSON object per SQL statement (live/query-log-print.ts
// formatJson: phase, view, sql, userQuery, at), with no request id. Statements
// are grouped into page loads and live navigations, newest first, for the
// inspector page and its feed. A page load is http → mount:dead → (the session
// saved, still http) → upgrade → mount:connected → events; an `http` or dead
// mount statement starts the next load once the socket part has begun, after
// a second dead mount, or after a pause.
// Static files read no session, so they add nothing.
import type { Phase } from "../live/query-log.ts";

const LOADS_KEPT = 20; // enough to scroll back a few clicks; older loads are dropped
// One page load's HTTP statements come within milliseconds of each other; a learner's next click, much later.
const PAUSE_BETWEEN_LOADS_MS = 1_000;
const SOCKET_PHASES: ReadonlySet<Phase> = new Set<Phase>(["upgrade", "mount:connected", "navigate", "event"]);
const PHASES: ReadonlySet<string> = new Set<Phase>(["boot", "http", "mount:dead", "upgrade", "mount:connected", "navigate", "event"]);

export interface QueryRecord {
  phase: Phase;
  view: string | null;
  sql: string;
  userQuery: boolean;
  at: number;
}

export interface PageLoad {
  /** Increases with every load, so the page can tell the newest. */
  number: number;
  kind: "page load" | "navigation";
  startedAt: number;
  queries: QueryRecord[];
}

export interface QueryInspector {
  /** Takes one line of the app's output; returns the statement, or null when the line is not one. */
  addLine(line: string): QueryRecord | null;
  loads(): PageLoad[];
  /** Called after every statement; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export function createQueryInspector(): QueryInspector {
  const recent: PageLoad[] = [];
  const listeners = new Set<() => void>();
  let count = 0;

  function add(record: QueryRecord): void {
    if (record.phase === "boot") return; // schema set-up, not a page load
    const current = recent[0];
    if (!current || startsNewLoad(current, record)) {
      const kind = record.phase === "navigate" ? "navigation" : "page load";
      recent.unshift({ number: ++count, kind, startedAt: record.at, queries: [] });
      recent.length = Math.min(recent.length, LOADS_KEPT);
    }
    recent[0]!.queries.push(record);
    for (const listener of listeners) listener();
  }

  return {
    addLine(line) {
      const record = parseQueryRecord(line);
      if (record) add(record);
      return record;
    },
    loads: () => recent,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function startsNewLoad(current: PageLoad, record: QueryRecord): boolean {
  const last = current.queries[current.queries.length - 1];
  if (!last) return false;
  if (record.phase === "navigate") return last.phase !== "navigate";
  if (record.phase !== "http" && record.phase !== "mount:dead") return false;
  // A request without a cookie reads no session, so its first statement may be the dead mount's.
  if (record.phase === "mount:dead" && current.queries.some((query) => query.phase === "mount:dead")) return true;
  return current.queries.some((query) => SOCKET_PHASES.has(query.phase)) || record.at - last.at > PAUSE_BETWEEN_LOADS_MS;
}

/** A JSON query-log line, checked field by field; anything else the app prints is null. */
export function parseQueryRecord(line: string): QueryRecord | null {
  if (!line.startsWith("{")) return null;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  const { phase, view, sql, userQuery, at } = value;
  if (typeof phase !== "string" || !PHASES.has(phase) || typeof sql !== "string" || typeof userQuery !== "boolean") return null;
  return { phase: phase as Phase, view: typeof view === "string" ? view : null, sql, userQuery, at: typeof at === "number" ? at : Date.now() };
}
