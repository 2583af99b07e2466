/**
 * `npm run app:cluster`: the learner's app on more than one node, on one machine.
 *
 *   redis-server  a private one on a free loopback port, nothing saved (its dir: .course/cluster/)
 *   node 1…N      app/main.ts, NODES of them (default 2) on free loopback ports, sharing
 *                 .course/app.db (SQLite in WAL mode) and REDIS_URL; ORIGIN is the proxy's
 *   proxy         http://localhost:4000, round robin for requests and websockets, no sticky sessions
 *
 * Every line a node prints starts with its name, so the query log shows where
 * each page and each socket ran. Ctrl-C stops everything; `kill <pid>` stops one
 * node (the ready line names their pids), and its sockets reconnect to another.
 * Overrides: NODES, CLUSTER_PORT (the proxy's port), COURSE_APP_DIR, COURSE_DATA_DIR.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import pc from "picocolors";
import { startNodeProcess, type NodeProcess } from "./cluster/node-process.ts";
import { roundRobinProxy, type Upstream } from "./cluster/proxy.ts";
import { findRedisServer, INSTALL_REDIS, REDIS_SERVER_PATH, startRedisServer, type RedisServer } from "./cluster/redis-server.ts";
import { coursePaths } from "./course/context.ts";
import { CourseError } from "./course/errors.ts";
import { recoverCourse } from "./course/open-course.ts";

const NODE_COLOURS = [pc.cyan, pc.magenta, pc.yellow, pc.green, pc.blue];

const paths = coursePaths();
const nodeCount = Number(process.env.NODES ?? 2);
const proxyPort = Number(process.env.CLUSTER_PORT ?? 4000);
const host = process.env.HOST ?? "127.0.0.1";
const origin = `http://localhost:${proxyPort}`;
const appDir = resolve(process.env.COURSE_APP_DIR ?? paths.app);
const dataDir = resolve(process.env.COURSE_DATA_DIR ?? paths.state);

const nodes: NodeProcess[] = [];
let redis: RedisServer | null = null;
let stopping = false;

/** A reason to stop that the learner can act on: printed alone, without a stack. */
class ClusterError extends Error {}
function fail(message: string): never {
  throw new ClusterError(message);
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  if (code === 0) console.log("Stopping the nodes and Redis…");
  await Promise.all([...nodes.map((node) => node.stop("SIGTERM")), redis?.stop()]);
  process.exit(code);
}

function preflight() {
  if (!Number.isInteger(nodeCount) || nodeCount < 1) fail(`NODES must be a whole number of nodes (got "${process.env.NODES}").`);
  const redisPath = findRedisServer();
  if (!redisPath) fail(`npm run app:cluster runs its own Redis, and ${REDIS_SERVER_PATH} is not there. ${INSTALL_REDIS}`);
  if (!process.env.COURSE_APP_DIR) {
    try {
      const recovered = recoverCourse(paths); // a `course` command killed half-way through replacing app/ is finished first
      if (recovered) console.error(recovered);
    } catch (error) {
      if (error instanceof CourseError) fail(error.message);
      throw error;
    }
  }
  if (!existsSync(join(appDir, "main.ts"))) fail("No step started yet — run `npx course start 07` to create app/.");
  return redisPath;
}

/** Starts one node and resolves once it accepts connections. One at a time: the first runs the migrations. */
async function startNode(index: number, redisUrl: string): Promise<Upstream & { pid: number }> {
  const name = `node ${index}`;
  const label = NODE_COLOURS[(index - 1) % NODE_COLOURS.length]!(`[${name}]`);
  const env = { HOST: "127.0.0.1", ORIGIN: origin, REDIS_URL: redisUrl, COURSE_DATA_DIR: dataDir };
  const started = startNodeProcess({ name, entry: join(appDir, "main.ts"), cwd: paths.root, env, onLine: (line) => console.log(`${label} ${line}`) });
  const node = await started.catch((error: Error) => fail(error.message));
  nodes.push(node);
  void node.exited.then(({ code, signal }) => {
    if (!stopping) console.log(`${label} exited (${signal ?? `code ${code}`}); the proxy sends its turns to the others`);
  });
  return { name, port: node.port, pid: node.pid };
}

async function main() {
  const redisPath = preflight();
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
  const redisDir = join(dataDir, "cluster");
  mkdirSync(redisDir, { recursive: true });
  redis = await startRedisServer(redisPath, { dir: redisDir });
  console.log(`${pc.red("[redis]")} ${redis.url} (nothing saved)`);
  const upstreams: (Upstream & { pid: number })[] = [];
  for (let index = 1; index <= nodeCount; index++) upstreams.push(await startNode(index, redis.url));

  const proxy = roundRobinProxy(upstreams, (line) => console.log(`${pc.dim("[proxy]")} ${line}`));
  proxy.once("error", (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === "EADDRINUSE" ? `Port ${proxyPort} is in use (is \`npm run app\` running?). CLUSTER_PORT=4001 picks another.` : error.message,
    );
    void stop(1);
  });
  proxy.listen(proxyPort, host, () => {
    const where = upstreams.map((node) => `${node.name} on :${node.port} (pid ${node.pid})`).join(", ");
    console.log(`Live Auth on ${upstreams.length} nodes at ${origin}  (${where}; Redis on :${redis!.port}). Ctrl-C stops everything.`);
  });
}

main().catch((error: Error) => {
  console.error(error instanceof ClusterError ? error.message : error.stack);
  void stop(1);
});
