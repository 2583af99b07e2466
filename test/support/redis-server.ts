/**
 * A private Redis for one test file (scripts/cluster/redis-server.ts): a
 * `redis-server` child process on a free loopback port, no persistence,
 * stopped in afterAll. Never a shared one, so test files cannot see each
 * other's keys or messages.
 *
 *   const redis = redisServerPath();            // null: describe.skipIf(!redis) says why
 *   const server = await startRedisServer(redis);
 *   …server.url…; await server.stop(); await server.start();  // an outage and a recovery
 */
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import { findRedisServer, INSTALL_REDIS, REDIS_SERVER_PATH } from "../../scripts/cluster/redis-server.ts";

export { INSTALL_REDIS, startRedisServer, type RedisServer } from "../../scripts/cluster/redis-server.ts";

export const NO_REDIS_MESSAGE = `skipped: these tests need ${REDIS_SERVER_PATH}. ${INSTALL_REDIS}`;

/** The redis-server binary, or null (and the skip message printed) when this machine has none. */
export function redisServerPath(): string | null {
  const path = findRedisServer();
  if (!path) console.warn(NO_REDIS_MESSAGE);
  return path;
}

/** The connections the Redis at `url` has from clients other than this probe; `subscribed`: only those listening on a channel. */
export async function redisClientCount(url: string, { subscribed = false } = {}): Promise<number> {
  const probe = new Redis(url, { lazyConnect: true });
  await probe.connect();
  try {
    const lines = String(await probe.client("LIST"))
      .split("\n")
      .filter((line) => line.includes(" fd="));
    return subscribed ? lines.filter((line) => / sub=[1-9]/.test(line)).length : lines.length - 1;
  } finally {
    probe.disconnect();
  }
}

/** Waits up to `withinMs` until `count` connections subscribe on Redis (the nodes' buses); their absence is for the caller to report. */
export async function untilSubscribed(url: string, count: number, withinMs: number) {
  const deadline = performance.now() + withinMs;
  while (performance.now() < deadline && (await redisClientCount(url, { subscribed: true })) < count)
    await new Promise((done) => setTimeout(done, 50));
}
