/** The demo's domain: named counters in SQLite. No web code here. */
import type { Db } from "./database.ts";

export type Counters = ReturnType<typeof createCounters>;

export function createCounters(db: Db) {
  const read = db.prepare("SELECT value FROM counters WHERE name = ?").pluck();
  const add = db
    .prepare("INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value RETURNING value")
    .pluck();

  return {
    get: (name: string): number => (read.get(name) as number | undefined) ?? 0,
    add: (name: string, delta: number): number => add.get(name, delta) as number,
  };
}
