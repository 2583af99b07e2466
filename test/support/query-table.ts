/**
 * The per-phase query table a checker prints: every statement of one page
 * load, grouped by lifecycle phase, with the ones that load the user marked.
 */
import { isUserQuery, type Phase, type QueryEvent } from "../../live/index.ts";

export const PAGE_LOAD_PHASES: Phase[] = ["http", "mount:dead", "upgrade", "mount:connected", "event"];

export type PhaseCounts = Record<Phase, number>;

export function countPhases(queries: QueryEvent[], only: (q: QueryEvent) => boolean = () => true): PhaseCounts {
  const counts = { boot: 0, http: 0, "mount:dead": 0, upgrade: 0, "mount:connected": 0, event: 0 } satisfies PhaseCounts;
  for (const query of queries) if (only(query)) counts[query.phase] += 1;
  return counts;
}

export const userQueries = (queries: QueryEvent[]) => countPhases(queries, (q) => isUserQuery(q.sql));

export function queryTable(title: string, queries: QueryEvent[]): string {
  const lines = [title];
  for (const phase of PAGE_LOAD_PHASES) {
    const inPhase = queries.filter((q) => q.phase === phase);
    if (inPhase.length === 0) continue;
    const users = inPhase.filter((q) => isUserQuery(q.sql)).length;
    lines.push(`  ${phase.padEnd(16)} ${plural(inPhase.length, "statement")}, ${users} loading the user`);
    for (const query of inPhase) lines.push(`    ${isUserQuery(query.sql) ? "*" : " "} ${shorten(query.sql)}`);
  }
  const total = queries.filter((q) => isUserQuery(q.sql)).length;
  lines.push(`  user-loading statements for this page load: ${total}   (* = loads the user)`);
  return lines.join("\n");
}

function plural(count: number, noun: string): string {
  return `${String(count).padStart(2)} ${noun}${count === 1 ? "" : "s"}`;
}

function shorten(sql: string): string {
  const line = sql.replace(/'(?:[^']|'')*'(?:\/\*\+\d+ bytes\*\/)?/g, "?").replace(/\s+/g, " ").trim();
  return line.length > 110 ? `${line.slice(0, 107)}...` : line;
}
