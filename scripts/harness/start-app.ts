/**
 * Starts an app in-process on a real port with a real SQLite file, and counts
 * its queries with our own hook on the database we hand it — so app code,
 * even a learner's, cannot change what is counted. The harness (this folder:
 * an app, a browser stand-in, a live socket client, one page load) is shared
 * by the step checkers, the project's tests and `npm run bench`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { QueryLog, type IsUserQuery, type QueryEvent } from "../../live/index.ts";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const TEST_SECRET = "test-secret-0123456789-0123456789-abcdef";

/** The app a checker tests: COURSE_APP_DIR, or the learner's app/. */
export function appDir(): string {
  return resolve(process.env.COURSE_APP_DIR ?? join(REPO_ROOT, "app"));
}

export type StartOptions = {
  dir?: string;
  handoff?: boolean;
  clock?: () => number;
  extra?: Record<string, unknown>; // further createApp options (mailer, …)
  // biome-ignore lint/suspicious/noExplicitAny: each step's createApp takes and returns its own shapes
  createApp?: (options: any) => any; // an app factory to use instead of `dir`'s app.ts (test fixtures)
  originFor?: (port: number) => string; // the origin the app is configured with (default http://127.0.0.1:PORT)
  databaseFile?: string; // a SQLite file another node shares (its owner removes it); default: a fresh one
  port?: number; // default: one the kernel picks
};

export type RunningApp = Awaited<ReturnType<typeof startApp>>;

/** A statement as the checker's hook saw it, and whether it touches a table the app declared as loading the user. */
export type CountedQuery = QueryEvent & { loadsUser: boolean };

export async function startApp(options: StartOptions = {}) {
  const createApp = options.createApp ?? (await import(pathToFileURL(join(options.dir ?? appDir(), "app.ts")).href)).createApp;
  // A temp dir only for a database of our own: a node process sharing another's file is stopped by a
  // signal, and would leave an empty dir behind on every run.
  const tmp = options.databaseFile ? null : mkdtempSync(join(tmpdir(), "live-auth-"));
  const queryLog = new QueryLog();
  const queries: CountedQuery[] = [];
  // The app declares its user tables once it exists (live.userTables); until then nothing counts.
  let isUserQuery: IsUserQuery = () => false;
  queryLog.subscribe((event) => queries.push({ ...event, loadsUser: isUserQuery(event.sql) }));
  const db = new Database(options.databaseFile ?? join(tmp!, "app.db"), { verbose: queryLog.hook });

  const server: Server = createServer();
  await new Promise<void>((done) => server.listen(options.port ?? 0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  const origin = options.originFor?.(port) ?? `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  const app = createApp({
    database: db,
    secret: TEST_SECRET,
    origin,
    clock: options.clock,
    handoff: options.handoff,
    log: (line: string) => logs.push(line),
    ...options.extra,
  });
  app.attach(server);
  isUserQuery = app.live?.userTables?.isUserQuery ?? isUserQuery;

  return {
    app,
    db,
    origin,
    url: (path: string) => origin + path,
    queries,
    queryLog,
    isUserQuery: (sql: string) => isUserQuery(sql),
    logs,
    clearQueries: () => void queries.splice(0),
    async close() {
      await app.close(); // an app on Redis closes its connections too
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      db.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    },
  };
}
