/**
 * The query log: every SQL statement, tagged with the lifecycle phase and
 * view it ran in. Phases are carried by AsyncLocalStorage, so code that runs
 * a query needs no extra argument; better-sqlite3's `verbose` option calls
 * us with each statement as it executes.
 *
 *   const log = new QueryLog();
 *   const db = new Database(file, { verbose: log.hook });
 *   log.subscribe((q) => console.log(q.phase, q.sql));
 */
import { AsyncLocalStorage } from "node:async_hooks";

export type Phase = "boot" | "http" | "mount:dead" | "upgrade" | "mount:connected" | "navigate" | "event";

export type QueryContext = { phase: Phase; view: string | null };

export type QueryEvent = QueryContext & { sql: string; at: number };

const context = new AsyncLocalStorage<QueryContext>();

/** Runs `fn` with every query inside it attributed to `phase` (and `view`). */
export function inPhase<T>(phase: Phase, view: string | null, fn: () => T): T {
  return context.run({ phase, view }, fn);
}

export function currentQueryContext(): QueryContext {
  return context.getStore() ?? { phase: "boot", view: null };
}

// Table names are spliced into a pattern, so only plain identifiers are accepted.
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Which statements load the current user — the number this course is about.
 * The app declares its user tables (the generated auth knows their names:
 * `gen:auth -- Accounts Agent agents` gives agents and agents_tokens); a
 * statement that names one of them counts as a user query. Nothing declared, nothing counted.
 */
export class UserTables {
  readonly #names = new Set<string>();
  #pattern: RegExp | null = null;

  declare(tables: readonly string[]) {
    for (const table of tables) {
      if (!TABLE_NAME.test(table)) throw new Error(`not a table name: ${JSON.stringify(table)}`);
      this.#names.add(table);
    }
    this.#pattern = new RegExp(`\\b(${[...this.#names].join("|")})\\b`, "i");
  }

  get names(): string[] {
    return [...this.#names];
  }

  readonly isUserQuery = (sql: string): boolean => this.#pattern?.test(sql) ?? false;
}

export class QueryLog {
  readonly #listeners = new Set<(event: QueryEvent) => void>();

  /** Pass as better-sqlite3's `verbose` option. */
  readonly hook = (sql: unknown): void => {
    const event: QueryEvent = { ...currentQueryContext(), sql: String(sql), at: Date.now() };
    for (const listener of this.#listeners) listener(event);
  };

  /** Returns an unsubscribe function. */
  subscribe(listener: (event: QueryEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** Express middleware, first in the pipeline: the rest of the request runs in the `http` phase. */
export function httpPhase(_req: unknown, _res: unknown, next: () => void) {
  inPhase("http", null, next);
}
