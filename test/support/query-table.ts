/**
 * The per-phase query table a checker prints: every statement of one page
 * load, grouped by lifecycle phase, with the ones that load the user marked.
 */
import type { Phase } from "../../live/index.ts";
import type { CountedQuery } from "../../scripts/harness/start-app.ts";

export const PAGE_LOAD_PHASES: Phase[] = ["http", "mount:dead", "upgrade", "mount:connected", "navigate", "event"];

export type PhaseCounts = Record<Phase, number>;

export function countPhases(queries: CountedQuery[], only: (q: CountedQuery) => boolean = () => true): PhaseCounts {
  const counts = { boot: 0, http: 0, "mount:dead": 0, upgrade: 0, "mount:connected": 0, navigate: 0, event: 0 } satisfies PhaseCounts;
  for (const query of queries) if (only(query)) counts[query.phase] += 1;
  return counts;
}

export const userQueries = (queries: CountedQuery[]) => countPhases(queries, (q) => q.loadsUser);

/** `total: false` leaves out the closing count, for a table that shows part of a page load (one node's share). */
export function queryTable(title: string, queries: CountedQuery[], { total = true } = {}): string {
  const lines = [title];
  for (const phase of PAGE_LOAD_PHASES) {
    const inPhase = queries.filter((q) => q.phase === phase);
    if (inPhase.length === 0) continue;
    const users = inPhase.filter((q) => q.loadsUser).length;
    lines.push(`  ${phase.padEnd(16)} ${plural(inPhase.length, "statement")}, ${users} loading the user`);
    for (const query of inPhase) lines.push(`    ${query.loadsUser ? "*" : " "} ${shorten(query.sql)}`);
  }
  if (total) lines.push(`  user-loading statements for this page load: ${queries.filter((q) => q.loadsUser).length}   (* = loads the user)`);
  return lines.join("\n");
}

function plural(count: number, noun: string): string {
  return `${String(count).padStart(2)} ${noun}${count === 1 ? "" : "s"}`;
}

function shorten(sql: string): string {
  const line = sql
    .replace(/'(?:[^']|'')*'(?:\/\*\+\d+ bytes\*\/)?/g, "?")
    .replace(/\s+/g, " ")
    .trim();
  return line.length > 110 ? `${line.slice(0, 107)}...` : line;
}
