/**
 * RedisHandoffStore against a private redis-server: the rules of the in-memory
 * store (handoff-store.test.ts) hold when the entries live in Redis, for every
 * node holding a connection, and a Redis that is gone means a miss, not a wait.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RedisHandoffStore, type RedisHandoffOptions } from "../../live/redis-handoff.ts";
import { redisServerPath, startRedisServer, type RedisServer } from "../support/redis-server.ts";

const redisPath = redisServerPath();
const SESSION = "session-of-alice";
const OTHER_SESSION = "session-of-mallory";
const values = (visitor: string) => new Map<string, unknown>([["visitor", visitor]]);

let server: RedisServer;
const connections: Redis[] = [];

/** A node's view of the store: its own connection to the shared Redis. */
async function nodeStore(options: Partial<RedisHandoffOptions> = {}) {
  const redis = new Redis(server.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1_000, lazyConnect: true });
  redis.on("error", () => {});
  await redis.connect();
  connections.push(redis);
  const logs: string[] = [];
  return { store: new RedisHandoffStore(redis, { log: (line) => logs.push(line), ...options }), redis, logs };
}

describe.skipIf(!redisPath)("RedisHandoffStore", () => {
  beforeAll(async () => {
    server = await startRedisServer(redisPath!);
  });
  afterAll(async () => {
    await Promise.allSettled(connections.map((redis) => redis.quit()));
    await server?.stop();
  });
  beforeEach(async () => {
    if (connections[0]) await connections[0].flushall();
  });

  it("gives the values back, once, to the same session and view on another node", async () => {
    const a = await nodeStore();
    const b = await nodeStore();
    const id = await a.store.put(SESSION, "whoami", values("alice"));
    expect(id, "an id should be 24 base64url characters (144 bits)").toMatch(/^[\w-]{24}$/);
    expect((await b.store.take(id, SESSION, "whoami"))?.get("visitor"), "node B should get node A's values").toBe("alice");
    expect(await a.store.take(id, SESSION, "whoami"), "a second take, on any node, must miss").toBeNull();
  });

  it("lets only one of two simultaneous takes win", async () => {
    const a = await nodeStore();
    const b = await nodeStore();
    const id = await a.store.put(SESSION, "whoami", values("alice"));
    const taken = await Promise.all([a.store.take(id, SESSION, "whoami"), b.store.take(id, SESSION, "whoami")]);
    expect(taken.filter(Boolean), "exactly one node adopts the values").toHaveLength(1);
  });

  it("never gives one session's or one view's values to another, and burns the id", async () => {
    const { store } = await nodeStore();
    const id = await store.put(SESSION, "whoami", values("alice"));
    expect(await store.take(id, OTHER_SESSION, "whoami"), "another session must get nothing").toBeNull();
    expect(await store.take(id, SESSION, "whoami"), "a presented id is spent, whoever presented it").toBeNull();
    const other = await store.put(SESSION, "whoami", values("alice"));
    expect(await store.take(other, SESSION, "dashboard"), "another view must get nothing").toBeNull();
  });

  it("misses once the TTL has passed, and lets Redis expire the key", async () => {
    const clock = { now: 1_000_000 };
    const { store, redis } = await nodeStore({ clock: () => clock.now, ttlMs: 10_000 });
    const id = await store.put(SESSION, "whoami", values("alice"));
    expect(await redis.pttl(`live:handoff:${id}`), "the key carries the TTL as its expiry").toBeGreaterThan(9_000);
    clock.now += 10_000;
    expect(await store.take(id, SESSION, "whoami"), "an entry at its expiry time is stale").toBeNull();
  });

  it("stores nothing when there are no values or the handoff is disabled", async () => {
    const { store, redis } = await nodeStore();
    expect(await store.put(SESSION, "whoami", new Map())).toBeNull();
    expect(await (await nodeStore({ enabled: false })).store.put(SESSION, "whoami", values("alice"))).toBeNull();
    expect(await redis.dbsize(), "nothing should be stored").toBe(0);
  });

  it("hands the rendered session to its own session only, until another request forgets it", async () => {
    const a = await nodeStore();
    const b = await nodeStore();
    const session = { user: "alice" };
    const id = await a.store.put(SESSION, "whoami", values("alice"), { session });
    const kept = await a.store.put(SESSION, "whoami", values("alice"), { session });
    expect(await b.store.peekSession(id, SESSION), "the page's session, on any node").toEqual(session);
    expect(await b.store.peekSession(id, OTHER_SESSION), "never to another session").toBeNull();
    await b.store.forgetSessionCopies(SESSION, kept);
    expect(await a.store.peekSession(id, SESSION), "forgotten on every node").toBeNull();
    expect(await a.store.peekSession(kept, SESSION), "but the one the request rendered").toEqual(session);
    expect((await a.store.take(id, SESSION, "whoami"))?.get("visitor"), "the values stay for the join").toBe("alice");
  });

  it("drops a session's pending handoffs on every node, and no other session's", async () => {
    const a = await nodeStore();
    const b = await nodeStore();
    const mine = await a.store.put(SESSION, "whoami", values("alice"), { session: { user: "alice" } });
    const theirs = await a.store.put(OTHER_SESSION, "whoami", values("mallory"));
    expect(await b.store.revokeSession(SESSION), "one handoff belonged to the ended session").toBe(1);
    expect(await a.store.peekSession(mine, SESSION), "its session copy goes too").toBeNull();
    expect(await a.store.take(mine, SESSION, "whoami"), "a revoked handoff must miss").toBeNull();
    expect(await a.store.take(theirs, OTHER_SESSION, "whoami"), "another session's handoff stays").not.toBeNull();
  });

  it("drops every pending handoff carrying a liveSocketId, in every session", async () => {
    const a = await nodeStore();
    const b = await nodeStore();
    const here = await a.store.put(SESSION, "whoami", values("alice"), { liveSocketId: "users_sessions:abc" });
    const there = await a.store.put(OTHER_SESSION, "whoami", values("alice"), { liveSocketId: "users_sessions:abc" });
    const unrelated = await a.store.put(OTHER_SESSION, "whoami", values("bob"), { liveSocketId: "users_sessions:xyz" });
    expect(await b.store.revokeLiveSocketId("users_sessions:abc"), "both handoffs of that log-in should go").toBe(2);
    expect(await a.store.take(here, SESSION, "whoami")).toBeNull();
    expect(await a.store.take(there, OTHER_SESSION, "whoami")).toBeNull();
    expect(await a.store.take(unrelated, OTHER_SESSION, "whoami"), "another log-in's handoff stays").not.toBeNull();
  });

  it("misses, with a log line, while Redis is gone, and rejects a revocation it cannot make", async () => {
    const { store, logs } = await nodeStore();
    const id = await store.put(SESSION, "whoami", values("alice"));
    await server.stop();
    try {
      const started = Date.now();
      expect(await store.take(id, SESSION, "whoami"), "no Redis, no values: the loader runs").toBeNull();
      expect(await store.put(SESSION, "whoami", values("alice")), "no Redis, no id").toBeNull();
      expect(await store.peekSession(id, SESSION), "no Redis, no copy: the upgrade reads the session store").toBeNull();
      expect(Date.now() - started, "a miss must not wait for Redis to come back").toBeLessThan(3_000);
      expect(logs.join("\n")).toContain("handoff take missed");
      await expect(store.revokeSession(SESSION), "the caller must hear that the revocation did not happen").rejects.toThrow();
    } finally {
      await server.start();
    }
  });
});
