/**
 * Opening the SQLite database and applying migrations: every file in
 * migrations/ (ordered by name) runs once, in a transaction, and is recorded
 * in schema_migrations.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";

const BUSY_TIMEOUT_IN_MS = 5_000; // wait for a concurrent writer instead of failing at once
const MIGRATIONS_DIR = join(import.meta.dirname, "migrations");

export type Db = Database.Database;

export function openDatabase(file: string, verbose?: (sql: unknown) => void): Db {
  const db = new Database(file, { verbose });
  configureDatabase(db);
  return db;
}

/** WAL lets readers and the writer work at once; foreign keys are off by default in SQLite. */
export function configureDatabase(db: Db) {
  db.pragma("journal_mode = WAL");
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_IN_MS}`);
  db.pragma("foreign_keys = ON");
}

export function migrate(db: Db, dir = MIGRATIONS_DIR): string[] {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
  const applied = new Set(db.prepare("SELECT version FROM schema_migrations").pluck().all() as string[]);
  const pending = readdirSync(dir)
    .filter((file) => file.endsWith(".sql") && !applied.has(file))
    .sort();
  const record = db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, datetime('now'))");
  for (const file of pending) {
    db.transaction(() => {
      db.exec(readFileSync(join(dir, file), "utf8"));
      record.run(file);
    })();
  }
  return pending;
}
