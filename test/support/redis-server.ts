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
import { findRedisServer, INSTALL_REDIS, REDIS_SERVER_PATH } from "../../scripts/cluster/redis-server.ts";

export { INSTALL_REDIS, startRedisServer, type RedisServer } from "../../scripts/cluster/redis-server.ts";

export const NO_REDIS_MESSAGE = `skipped: these tests need ${REDIS_SERVER_PATH}. ${INSTALL_REDIS}`;

/** The redis-server binary, or null (and the skip message printed) when this machine has none. */
export function redisServerPath(): string | null {
  const path = findRedisServer();
  if (!path) console.warn(NO_REDIS_MESSAGE);
  return path;
}
