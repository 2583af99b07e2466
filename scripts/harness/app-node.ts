/**
 * An app node in its own process (node-main.ts, started by the same
 * startNodeProcess as `npm run app:cluster`'s nodes), seen from the parent:
 * its origin, the statements it ran (from its JSON query log), its log lines.
 * Nodes of one app share the SQLite file (WAL) and, when given, a Redis URL.
 *
 *   const a = await startAppNode("A", { databaseFile, redisUrl });
 *   await a.clearQueries(); …a page load…; const queries = await a.settledQueries();
 */
import { join } from "node:path";
import { startNodeProcess } from "../cluster/node-process.ts";
import { appDir, REPO_ROOT, type CountedQuery } from "./start-app.ts";

const NODE_MAIN = join(REPO_ROOT, "scripts", "harness", "node-main.ts");
const ANSWER_WITHIN_MS = 10_000;

export type AppNodeOptions = {
  databaseFile: string; // shared by every node of the app; the first node started runs the migrations
  redisUrl?: string;
  dir?: string; // the app (default: COURSE_APP_DIR or app/)
  live?: Record<string, unknown>; // createApp's `live` tuning
  exposeGc?: boolean; // lets `memory()` collect garbage first
};

export type AppNode = Awaited<ReturnType<typeof startAppNode>>;

type Answer = { mark?: number; memory?: NodeJS.MemoryUsage; closed?: boolean };

export async function startAppNode(name: string, options: AppNodeOptions) {
  const queries: CountedQuery[] = [];
  const logs: string[] = [];
  const waiting: { accepts: (answer: Answer) => boolean; done: (answer: Answer) => void }[] = [];
  const onLine = (line: string) => {
    const parsed = line.startsWith("{") ? parseJson(line) : null;
    if (parsed && typeof parsed.sql === "string") {
      const { phase, view, sql, at, userQuery } = parsed;
      return void queries.push({ phase, view, sql, at, loadsUser: userQuery === true });
    }
    if (!parsed) return void logs.push(line);
    const index = waiting.findIndex((w) => w.accepts(parsed));
    if (index >= 0) waiting.splice(index, 1)[0]!.done(parsed);
  };
  const env = {
    COURSE_APP_DIR: options.dir ?? appDir(),
    DATABASE_FILE: options.databaseFile,
    REDIS_URL: options.redisUrl ?? "",
    LIVE_TUNING: options.live ? JSON.stringify(options.live) : "",
  };
  const nodeArgs = options.exposeGc ? ["--expose-gc"] : [];
  const node = await startNodeProcess({ name, entry: NODE_MAIN, cwd: REPO_ROOT, env, onLine, nodeArgs });

  let marks = 0;
  /** Sends a command; resolves with the answer `accepts` picks, or rejects if none comes in time. */
  function ask(command: string, accepts: (answer: Answer) => boolean): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const done = (answer: Answer) => {
        clearTimeout(timer);
        resolve(answer);
      };
      const waiter = { accepts, done };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(waiter), 1); // a late answer finds nobody waiting
        reject(new Error(`node ${name} did not answer "${command}" within ${ANSWER_WITHIN_MS} ms`));
      }, ANSWER_WITHIN_MS);
      waiting.push(waiter);
      node.child.stdin!.write(`${command}\n`);
    });
  }
  /** Resolves once every statement the node ran before now has been read here. */
  async function settle() {
    const mark = ++marks;
    await ask(`mark ${mark}`, (answer) => answer.mark === mark);
  }

  return {
    name,
    origin: `http://127.0.0.1:${node.port}`,
    port: node.port,
    pid: node.pid,
    process: node,
    logs,
    settle,
    /** Forgets the statements run so far (after reading them all, so none arrives late). */
    async clearQueries() {
      await settle();
      queries.splice(0);
    },
    /** The statements run since the last clear, once all have arrived. */
    async settledQueries(): Promise<CountedQuery[]> {
      await settle();
      return [...queries];
    },
    /** The node's memory usage, after a garbage collection when started with exposeGc. */
    async memory(): Promise<NodeJS.MemoryUsage> {
      return (await ask("memory", (answer) => answer.memory !== undefined)).memory!;
    },
    /** Closes the app inside the node (its Redis connections too), leaving the process up. */
    async closeApp() {
      await ask("close", (answer) => answer.closed === true);
    },
    /** Stops the process: SIGTERM by default, SIGKILL as a crash. */
    stop: (signal?: NodeJS.Signals) => node.stop(signal),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a line the node printed, checked field by field by the caller
function parseJson(line: string): any {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}
