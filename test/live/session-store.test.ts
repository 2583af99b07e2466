import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import express from "express";
import session from "express-session";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteSessionStore, type SqliteSessionStoreOptions } from "../../live/session-store.ts";

declare module "express-session" {
  interface SessionData {
    visitCount?: number; // counted by the express round trip below
  }
}

const MINUTE_IN_MS = 60_000;
const DAY_IN_MS = 24 * 60 * MINUTE_IN_MS;

let dir: string;
let db: Database.Database;
let store: SqliteSessionStore;
let now: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "session-store-"));
  db = new Database(join(dir, "sessions.db"));
  now = Date.UTC(2030, 0, 1);
});

afterEach(() => {
  store?.close();
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function storeFixture(options: SqliteSessionStoreOptions = {}): SqliteSessionStore {
  store = new SqliteSessionStore(db, { clock: () => now, pruneIntervalMs: 0, ...options });
  return store;
}

// Other modules add required fields to SessionData; the store only reads `cookie`.
function sessionFixture(fields: Record<string, unknown> = {}, expires?: Date | string): session.SessionData {
  return { cookie: { originalMaxAge: null, expires }, ...fields } as session.SessionData;
}

function inMinutes(minutes: number): Date {
  return new Date(now + minutes * MINUTE_IN_MS);
}

function call<T>(method: (callback: (err: unknown, value?: T) => void) => void): Promise<T | undefined> {
  return new Promise((resolve, reject) => method((err, value) => (err ? reject(err) : resolve(value))));
}

const getSession = (sid: string) => call<session.SessionData | null>((cb) => store.get(sid, cb));
const setSession = (sid: string, sess: session.SessionData) => call<void>((cb) => store.set(sid, sess, cb));
const countSessions = () => call<number>((cb) => store.length(cb));

describe("set and get", () => {
  it("returns the data stored under the same sid", async () => {
    storeFixture();
    await setSession("sid-1", sessionFixture({ userToken: "abc" }, inMinutes(30)));
    const loaded = await getSession("sid-1");
    expect(loaded, "the stored session should come back").toMatchObject({ userToken: "abc" });
    expect(await getSession("sid-2"), "an unknown sid should have no session").toBeNull();
  });

  it("passes a database error to the callback instead of throwing", async () => {
    storeFixture();
    db.close();
    await expect(getSession("sid-1"), "get on a closed database should report an error").rejects.toThrow();
  });

  it("refuses a table name that is not a plain identifier", () => {
    expect(() => storeFixture({ table: "sessions; DROP TABLE users" })).toThrow(/invalid table name/);
  });
});

describe("the stored key", () => {
  it("is the SHA-256 of the sid, and the sid appears nowhere in the table", async () => {
    storeFixture();
    const sid = "k3yThatMustNotLeak";
    await setSession(sid, sessionFixture({}, inMinutes(30)));
    const rows = db.prepare("SELECT * FROM sessions").all();
    const sidHash = createHash("sha256").update(sid).digest("hex");
    expect(rows).toHaveLength(1);
    expect(rows[0], "the row should be keyed by the hash").toMatchObject({ sid_hash: sidHash });
    expect(JSON.stringify(rows), "a database row alone must not reveal a usable sid").not.toContain(sid);
  });
});

describe("idle expiry", () => {
  it("reports a session past its cookie expires as missing and deletes its row", async () => {
    storeFixture();
    await setSession("sid-1", sessionFixture({}, inMinutes(30)));
    now += 29 * MINUTE_IN_MS;
    expect(await getSession("sid-1"), "a minute before expiry the session should load").not.toBeNull();
    now += 1 * MINUTE_IN_MS;
    expect(await getSession("sid-1"), "at expiry the session should be gone").toBeNull();
    expect(db.prepare("SELECT count(*) AS n FROM sessions").get(), "the expired row should be deleted").toEqual({ n: 0 });
  });

  it("reads cookie.expires given as a string, as it is after a JSON round trip", async () => {
    storeFixture();
    await setSession("sid-1", sessionFixture({}, inMinutes(10).toISOString()));
    now += 11 * MINUTE_IN_MS;
    expect(await getSession("sid-1")).toBeNull();
  });

  it("uses defaultTtlMs when the cookie has no expires", async () => {
    storeFixture({ defaultTtlMs: 5 * MINUTE_IN_MS });
    await setSession("sid-1", sessionFixture());
    now += 4 * MINUTE_IN_MS;
    expect(await getSession("sid-1"), "within defaultTtlMs the session should load").not.toBeNull();
    now += 1 * MINUTE_IN_MS;
    expect(await getSession("sid-1"), "after defaultTtlMs the session should be gone").toBeNull();
  });
});

describe("absolute expiry", () => {
  it("ends a session absoluteTtlMs after creation even while it is kept active", async () => {
    storeFixture({ absoluteTtlMs: 1 * DAY_IN_MS });
    for (let hour = 0; hour < 24; hour++) {
      await setSession("sid-1", sessionFixture({ hour }, inMinutes(120)));
      expect(await getSession("sid-1"), `hour ${hour}: an active session should load`).not.toBeNull();
      now += 60 * MINUTE_IN_MS;
    }
    expect(await getSession("sid-1"), "saving again must not restart the absolute lifetime").toBeNull();
  });
});

describe("touch", () => {
  it("writes at most once per touch interval: a touch that moves the expiry by less runs no statement", async () => {
    const statements: string[] = [];
    db.close();
    db = new Database(join(dir, "sessions.db"), { verbose: (sql) => statements.push(String(sql)) });
    storeFixture({ touchIntervalMs: 10 * MINUTE_IN_MS });
    await setSession("sid-1", sessionFixture({}, inMinutes(60)));
    statements.splice(0);
    await call<void>((cb) => store.touch("sid-1", sessionFixture({}, inMinutes(65)), cb));
    expect(statements, "five minutes further is not worth a write").toEqual([]);
    await call<void>((cb) => store.touch("sid-1", sessionFixture({}, inMinutes(71)), cb));
    expect(
      statements.filter((sql) => sql.startsWith("UPDATE")),
      "eleven minutes further is",
    ).toHaveLength(1);
    statements.splice(0);
    await call<void>((cb) => store.touch("sid-1", sessionFixture({}, inMinutes(75)), cb));
    expect(statements, "measured from the last write, not the first").toEqual([]);
  });

  it("extends the idle expiry without changing the stored data", async () => {
    storeFixture();
    await setSession("sid-1", sessionFixture({ step: "saved" }, inMinutes(10)));
    await call<void>((cb) => store.touch("sid-1", sessionFixture({ step: "not saved" }, inMinutes(30)), cb));
    now += 20 * MINUTE_IN_MS;
    expect(await getSession("sid-1"), "the touched session should outlive its first expiry").toMatchObject({ step: "saved" });
  });
});

describe("destroy", () => {
  it("removes the session so its sid gets nothing", async () => {
    storeFixture();
    await setSession("sid-1", sessionFixture({}, inMinutes(30)));
    await call<void>((cb) => store.destroy("sid-1", cb));
    expect(await getSession("sid-1")).toBeNull();
  });
});

describe("prune", () => {
  it("deletes only expired rows and returns how many it deleted", async () => {
    storeFixture({ absoluteTtlMs: 1 * DAY_IN_MS });
    await setSession("old", sessionFixture({}, inMinutes(3 * 24 * 60)));
    now += 1 * DAY_IN_MS - 30 * MINUTE_IN_MS;
    await setSession("idle", sessionFixture({}, inMinutes(10)));
    await setSession("live", sessionFixture({}, inMinutes(60)));
    now += 30 * MINUTE_IN_MS;
    expect(store.prune(), "the idle and the absolutely expired rows should go").toBe(2);
    expect(await getSession("live"), "the live session should stay").not.toBeNull();
  });
});

describe("length and clear", () => {
  it("counts only live sessions", async () => {
    storeFixture();
    await setSession("short", sessionFixture({}, inMinutes(5)));
    await setSession("long", sessionFixture({}, inMinutes(60)));
    expect(await countSessions()).toBe(2);
    now += 10 * MINUTE_IN_MS;
    expect(await countSessions(), "an expired row should not be counted").toBe(1);
  });

  it("clear removes every session", async () => {
    storeFixture();
    await setSession("a", sessionFixture({}, inMinutes(5)));
    await setSession("b", sessionFixture({}, inMinutes(5)));
    await call<void>((cb) => store.clear(cb));
    expect(await countSessions()).toBe(0);
  });
});

describe("with express-session", () => {
  const COOKIE_NAME = "course_session";
  let baseUrl: string;
  let close: () => Promise<void>;

  beforeEach(async () => {
    storeFixture();
    const app = express();
    app.use(session({ name: COOKIE_NAME, secret: "test-secret", store, resave: false, saveUninitialized: false }));
    app.get("/visit", (req, res) => {
      req.session.visitCount = (req.session.visitCount ?? 0) + 1;
      res.json({ visitCount: req.session.visitCount });
    });
    const server = app.listen(0);
    await new Promise((resolve) => server.once("listening", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });

  afterEach(() => close());

  async function visit(cookie?: string): Promise<{ visitCount: number; cookie: string | null }> {
    const res = await fetch(`${baseUrl}/visit`, { headers: cookie ? { cookie } : {} });
    const setCookie = res.headers.get("set-cookie");
    return { ...((await res.json()) as { visitCount: number }), cookie: setCookie?.split(";")[0] ?? null };
  }

  it("keeps a session across requests with the signed cookie", async () => {
    const first = await visit();
    expect(first.cookie, "the first visit should set a session cookie").toMatch(`${COOKIE_NAME}=s%3A`);
    const second = await visit(first.cookie!);
    expect(second.visitCount, "the second visit should see the first one's session").toBe(2);
  });

  it("gives an unsigned or forged cookie a fresh empty session", async () => {
    const first = await visit();
    const signedValue = decodeURIComponent(first.cookie!.slice(COOKIE_NAME.length + 1));
    const sid = signedValue.slice("s:".length, signedValue.lastIndexOf("."));

    const unsigned = await visit(`${COOKIE_NAME}=${sid}`);
    expect(unsigned.visitCount, "a bare sid without a signature must not load the session").toBe(1);
    const forged = await visit(`${COOKIE_NAME}=${encodeURIComponent(`s:${sid}.forgedSignature`)}`);
    expect(forged.visitCount, "a sid with a wrong signature must not load the session").toBe(1);
    expect(forged.cookie, "the forged visit should get a new sid").not.toContain(encodeURIComponent(sid));
    expect((await visit(first.cookie!)).visitCount, "the real session should be untouched").toBe(2);
  });
});
