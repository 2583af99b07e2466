/**
 * An express-session store on better-sqlite3. One row per session, live until expires_at (idle)
 * and created_at + absoluteTtlMs (absolute), times in ms:
 *   sessions(sid_hash TEXT PRIMARY KEY, data TEXT, expires_at INTEGER, created_at INTEGER)
 */
import { createHash } from "node:crypto";
import session from "express-session";
import type Database from "better-sqlite3";

// A cookie without expires lives as long as the browser does; the server still ends it after a day idle.
export const SESSION_IDLE_LIFETIME_IN_MS = 24 * 60 * 60 * 1000;
// As phx.gen.auth: even a session in constant use ends, so a stolen cookie does not live forever.
const ABSOLUTE_TTL_IN_MS = 14 * 24 * 60 * 60 * 1000;
// get() already refuses expired rows; pruning only reclaims space, so it can be rare.
const PRUNE_INTERVAL_IN_MS = 15 * 60 * 1000;
// express-session touches the session on every request that does not change it. Moving the
// idle expiry forward by less than this is not worth a write per request: a session may end
// up to this much before its full idle lifetime, in exchange for no statement on most requests.
const TOUCH_INTERVAL_IN_MS = 10 * 60 * 1000;
// How many sessions' stored expiry is remembered to decide that without a read.
const REMEMBERED_EXPIRIES = 10_000;
// A table name cannot be a bound parameter, so it is checked before it is spliced into SQL.
const SAFE_TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type SqliteSessionStoreOptions = {
  clock?: () => number; // ms since the epoch
  defaultTtlMs?: number;
  absoluteTtlMs?: number;
  table?: string;
  pruneIntervalMs?: number; // 0 disables the timer
  touchIntervalMs?: number; // 0 writes every touch
};

type Row = { data: string; expires_at: number; created_at: number };
type Callback<T> = (err: unknown, value?: T) => void;

export class SqliteSessionStore extends session.Store {
  readonly #clock: () => number;
  readonly #defaultTtlMs: number;
  readonly #absoluteTtlMs: number;
  readonly #timer: NodeJS.Timeout | null;
  readonly #sql: ReturnType<typeof prepareStatements>;
  readonly #touchIntervalMs: number;
  readonly #storedExpiry = new Map<string, number>(); // sid hash → expires_at as last read or written

  constructor(db: Database.Database, options: SqliteSessionStoreOptions = {}) {
    super();
    const table = options.table ?? "sessions";
    if (!SAFE_TABLE_NAME.test(table)) throw new Error(`SqliteSessionStore: invalid table name ${JSON.stringify(table)}`);
    this.#clock = options.clock ?? Date.now;
    this.#defaultTtlMs = options.defaultTtlMs ?? SESSION_IDLE_LIFETIME_IN_MS;
    this.#absoluteTtlMs = options.absoluteTtlMs ?? ABSOLUTE_TTL_IN_MS;
    this.#touchIntervalMs = options.touchIntervalMs ?? TOUCH_INTERVAL_IN_MS;
    db.exec(`CREATE TABLE IF NOT EXISTS ${table} (sid_hash TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at INTEGER NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS ${table}_expires_at ON ${table} (expires_at);`);
    this.#sql = prepareStatements(db, table);
    const pruneIntervalMs = options.pruneIntervalMs ?? PRUNE_INTERVAL_IN_MS;
    this.#timer = pruneIntervalMs > 0 ? setInterval(() => this.#pruneOnTimer(db), pruneIntervalMs).unref() : null;
  }

  get(sid: string, callback: Callback<session.SessionData | null>): void {
    settle(callback, () => {
      const hash = hashSid(sid);
      const row = this.#sql.select.get(hash) as Row | undefined;
      if (!row) return null;
      if (this.#isExpired(row)) {
        this.#sql.delete.run(hash);
        return null;
      }
      this.#remember(hash, row.expires_at);
      return JSON.parse(row.data) as session.SessionData;
    });
  }

  set(sid: string, sess: session.SessionData, callback?: Callback<void>): void {
    settle(callback, () => {
      const now = this.#clock();
      const expiresAt = this.#expiresAt(sess, now);
      const hash = hashSid(sid);
      this.#sql.upsert.run({ hash, data: JSON.stringify(sess), expiresAt, createdAt: now });
      this.#remember(hash, expiresAt);
    });
  }

  /** Moves the idle expiry forward, at most once per touch interval (no statement in between). */
  touch(sid: string, sess: session.SessionData, callback?: Callback<void>): void {
    settle(callback, () => {
      const hash = hashSid(sid);
      const expiresAt = this.#expiresAt(sess, this.#clock());
      const stored = this.#storedExpiry.get(hash);
      if (stored !== undefined && expiresAt - stored < this.#touchIntervalMs) return;
      this.#sql.touch.run(expiresAt, hash);
      this.#remember(hash, expiresAt);
    });
  }

  destroy(sid: string, callback?: Callback<void>): void {
    settle(callback, () => {
      const hash = hashSid(sid);
      this.#sql.delete.run(hash);
      this.#storedExpiry.delete(hash);
    });
  }

  /** Live sessions only. A plain array, because the table keeps no sid to key them by. */
  all(callback: Callback<session.SessionData[]>): void {
    settle(callback, () => {
      const rows = this.#sql.selectLive.all(this.#liveBounds()) as Pick<Row, "data">[];
      return rows.map((row) => JSON.parse(row.data) as session.SessionData);
    });
  }

  length(callback: Callback<number>): void {
    settle(callback, () => (this.#sql.countLive.get(this.#liveBounds()) as { count: number }).count);
  }

  clear(callback?: Callback<void>): void {
    settle(callback, () => {
      this.#sql.clear.run();
      this.#storedExpiry.clear();
    });
  }

  /** Deletes every expired row; returns how many went. */
  prune(): number {
    return this.#sql.deleteExpired.run(this.#liveBounds()).changes;
  }

  /** Stops the prune timer. The database belongs to the caller and stays open. */
  close(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  // A Map iterates in insertion order: re-inserting keeps the newest last, and the oldest goes first.
  #remember(hash: string, expiresAt: number) {
    this.#storedExpiry.delete(hash);
    this.#storedExpiry.set(hash, expiresAt);
    if (this.#storedExpiry.size > REMEMBERED_EXPIRIES) this.#storedExpiry.delete(this.#storedExpiry.keys().next().value!);
  }

  #isExpired(row: Row): boolean {
    const { now, absoluteCutoff } = this.#liveBounds();
    return row.expires_at <= now || row.created_at <= absoluteCutoff;
  }

  // A row is expired once expires_at <= now, or created_at <= now - absoluteTtlMs.
  #liveBounds(): { now: number; absoluteCutoff: number } {
    const now = this.#clock();
    return { now, absoluteCutoff: now - this.#absoluteTtlMs };
  }

  // After a JSON round trip cookie.expires is a string; a missing or unreadable one falls back to the default.
  #expiresAt(sess: session.SessionData, now: number): number {
    const expires = sess.cookie?.expires;
    const expiresMs = expires ? new Date(expires).getTime() : NaN;
    return Number.isFinite(expiresMs) ? expiresMs : now + this.#defaultTtlMs;
  }

  #pruneOnTimer(db: Database.Database): void {
    if (!db.open) return this.close();
    try {
      this.prune();
    } catch (err) {
      console.error("session-store: prune failed", err);
    }
  }
}

// The cookie carries the sid; the table keeps only its SHA-256. Whoever reads the
// database (a backup, a copied file, an injection elsewhere) gets hashes that cannot
// be sent back as a cookie, so a row alone is not a usable session. No salt or slow
// hash is needed: sids are 192 random bits, not guessable passwords.
function hashSid(sid: string): string {
  return createHash("sha256").update(sid).digest("hex");
}

// Prepared once: requests only run them, so each query is logged in the caller's phase.
function prepareStatements(db: Database.Database, table: string) {
  const expired = "expires_at <= @now OR created_at <= @absoluteCutoff";
  return {
    select: db.prepare(`SELECT data, expires_at, created_at FROM ${table} WHERE sid_hash = ?`),
    upsert: db.prepare(`INSERT INTO ${table} (sid_hash, data, expires_at, created_at) VALUES (@hash, @data, @expiresAt, @createdAt)
      ON CONFLICT (sid_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`),
    touch: db.prepare(`UPDATE ${table} SET expires_at = ? WHERE sid_hash = ?`),
    delete: db.prepare(`DELETE FROM ${table} WHERE sid_hash = ?`),
    selectLive: db.prepare(`SELECT data FROM ${table} WHERE NOT (${expired})`),
    countLive: db.prepare(`SELECT count(*) AS count FROM ${table} WHERE NOT (${expired})`),
    deleteExpired: db.prepare(`DELETE FROM ${table} WHERE ${expired}`),
    clear: db.prepare(`DELETE FROM ${table}`),
  };
}

// Runs the work, then hands its result or its error to the callback. The callback
// is called outside the try, so an exception it throws is not reported to it twice.
function settle<T>(callback: Callback<T> | undefined, work: () => T): void {
  let value: T;
  try {
    value = work();
  } catch (err) {
    callback?.(err);
    return;
  }
  callback?.(null, value);
}
