/**
 * A private Redis for one test file: Debian's `redis-server` as a child process
 * on a free loopback port, no persistence, stopped in afterAll. Never a shared
 * one, so test files cannot see each other's keys or messages.
 *
 *   const redis = redisServerPath();            // null: describe.skipIf(!redis) says why
 *   const server = await startRedisServer(redis);
 *   …server.url…; await server.stop(); await server.start();  // an outage and a recovery
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { createServer } from "node:net";

const REDIS_SERVER_PATH = process.env.REDIS_SERVER_PATH ?? "/usr/bin/redis-server";
const START_TIMEOUT_IN_MS = 10_000;

export const NO_REDIS_MESSAGE = `skipped: these tests need ${REDIS_SERVER_PATH} (Debian: sudo apt-get install redis-server, or run bash scripts/ensure-redis.sh; REDIS_SERVER_PATH overrides the path)`;

/** The redis-server binary, or null (and the skip message printed) when this machine has none. */
export function redisServerPath(): string | null {
  try {
    accessSync(REDIS_SERVER_PATH, constants.X_OK);
    return REDIS_SERVER_PATH;
  } catch {
    console.warn(NO_REDIS_MESSAGE);
    return null;
  }
}

export type RedisServer = Awaited<ReturnType<typeof startRedisServer>>;

export async function startRedisServer(path: string) {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const server = {
    port,
    url: `redis://127.0.0.1:${port}`,
    /** Starts it (again, on the same port). */
    async start() {
      child = await spawnRedis(path, port);
    },
    /** Stops it the way a crash would look to clients: the connections drop. */
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((done) => running.once("exit", done));
      running.kill("SIGKILL");
      await exited;
    },
  };
  await server.start();
  return server;
}

function spawnRedis(path: string, port: number): Promise<ChildProcess> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const child = spawn(path, args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(`no "Ready to accept connections" within ${START_TIMEOUT_IN_MS} ms`), START_TIMEOUT_IN_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`redis-server on port ${port} did not start: ${why}\n${output}`));
    };
    child.once("error", (error) => fail(error.message));
    child.once("exit", (code) => fail(`it exited with ${code}`));
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes("Ready to accept connections")) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      child.stdout!.removeAllListeners("data").resume();
      resolve(child);
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  });
}

/** A port nobody listens on right now (the kernel picks it; Redis binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
