/**
 * A private Redis: Debian's `redis-server` as a child process on a free
 * loopback port, no persistence (`--save '' --appendonly no`). `npm run
 * app:cluster` runs one for its nodes, and every Redis test file its own.
 *
 *   const path = findRedisServer();              // null: print INSTALL_REDIS and stop
 *   const server = await startRedisServer(path, { dir: ".course/cluster" });
 *   …server.url…; await server.stop(); await server.start();  // an outage and a recovery
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { freePort } from "./ports.ts";

export const REDIS_SERVER_PATH = process.env.REDIS_SERVER_PATH ?? "/usr/bin/redis-server";
const START_TIMEOUT_IN_MS = 10_000;

/** How to get a redis-server: one line, for every "it is missing" message. */
export const INSTALL_REDIS = `Install Redis (Debian/Ubuntu: sudo apt-get install redis-server, or bash scripts/ensure-redis.sh); REDIS_SERVER_PATH overrides ${REDIS_SERVER_PATH}.`;

/** The redis-server binary, or null when this machine has none. */
export function findRedisServer(): string | null {
  try {
    accessSync(REDIS_SERVER_PATH, constants.X_OK);
    return REDIS_SERVER_PATH;
  } catch {
    return null;
  }
}

export type RedisServer = Awaited<ReturnType<typeof startRedisServer>>;
export type RedisServerOptions = { dir?: string }; // its working directory (default: the current one); nothing is saved there

export async function startRedisServer(path: string, options: RedisServerOptions = {}) {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const server = {
    port,
    url: `redis://127.0.0.1:${port}`,
    /** Starts it (again, on the same port). */
    async start() {
      child = await spawnRedis(path, port, options);
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

function spawnRedis(path: string, port: number, options: RedisServerOptions): Promise<ChildProcess> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  if (options.dir) args.push("--dir", options.dir);
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
