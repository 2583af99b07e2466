import { describe, expect, it } from "vitest";
import { HANDOFF_DEFAULTS, HandoffStore, type HandoffOptions } from "../../live/handoff.ts";

const SESSION = "session-of-alice";
const OTHER_SESSION = "session-of-mallory";

function storeFixture(options: Partial<HandoffOptions> = {}) {
  const clock = { now: 1_000_000 };
  const store = new HandoffStore({ ...HANDOFF_DEFAULTS, ...options }, () => clock.now);
  return { store, clock };
}

const values = (visitor: string) => new Map<string, unknown>([["visitor", visitor]]);

describe("HandoffStore.put", () => {
  it("returns an unguessable id: 18 random bytes, different every time", () => {
    const { store } = storeFixture();
    const ids = new Set(Array.from({ length: 50 }, () => store.put(SESSION, "whoami", values("alice"))));
    expect(ids.size, "every put should get a fresh id").toBe(50);
    for (const id of ids) expect(id, "an id should be 24 base64url characters (144 bits)").toMatch(/^[\w-]{24}$/);
  });

  it("stores nothing and returns null when there are no values", () => {
    const { store } = storeFixture();
    expect(store.put(SESSION, "whoami", new Map()), "an empty handoff is not worth an id").toBeNull();
    expect(store.size, "nothing should be stored").toBe(0);
  });

  it("stores nothing and returns null when the handoff is disabled", () => {
    const { store } = storeFixture({ enabled: false });
    expect(store.put(SESSION, "whoami", values("alice")), "a disabled store hands out no ids").toBeNull();
    expect(store.size, "nothing should be stored").toBe(0);
  });
});

describe("HandoffStore.take", () => {
  it("gives the values back to the same session and view", () => {
    const { store } = storeFixture();
    const id = store.put(SESSION, "whoami", values("alice"));
    expect(store.take(id, SESSION, "whoami")?.get("visitor"), "the owner should get its values").toBe("alice");
  });

  it("is single-use", () => {
    const { store } = storeFixture();
    const id = store.put(SESSION, "whoami", values("alice"));
    store.take(id, SESSION, "whoami");
    expect(store.take(id, SESSION, "whoami"), "a second take of the same id must miss").toBeNull();
    expect(store.size, "the entry should be gone").toBe(0);
  });

  it("misses once the TTL has passed", () => {
    const { store, clock } = storeFixture({ ttlMs: 10_000 });
    const id = store.put(SESSION, "whoami", values("alice"));
    clock.now += 10_000;
    expect(store.take(id, SESSION, "whoami"), "an entry at its expiry time is stale").toBeNull();
  });

  it("still gives the values just before the TTL ends", () => {
    const { store, clock } = storeFixture({ ttlMs: 10_000 });
    const id = store.put(SESSION, "whoami", values("alice"));
    clock.now += 9_999;
    expect(store.take(id, SESSION, "whoami")?.get("visitor"), "a fresh entry should be given").toBe("alice");
  });

  it("never gives one session's values to another session, and burns the id", () => {
    const { store } = storeFixture();
    const id = store.put(SESSION, "whoami", values("alice"));
    expect(store.take(id, OTHER_SESSION, "whoami"), "another session must get nothing").toBeNull();
    expect(store.take(id, SESSION, "whoami"), "a presented id is spent, whoever presented it").toBeNull();
  });

  it("never gives one view's values to another view", () => {
    const { store } = storeFixture();
    const id = store.put(SESSION, "whoami", values("alice"));
    expect(store.take(id, SESSION, "dashboard"), "another view must get nothing").toBeNull();
  });

  it("misses for a null, empty or unknown id", () => {
    const { store } = storeFixture();
    store.put(SESSION, "whoami", values("alice"));
    for (const id of [null, "", "not-an-id-we-handed-out"]) {
      expect(store.take(id, SESSION, "whoami"), `take(${JSON.stringify(id)}) should miss`).toBeNull();
    }
    expect(store.size, "misses should not disturb stored entries").toBe(1);
  });
});

describe("HandoffStore bounds", () => {
  it("evicts the oldest entry first once maxEntries is reached", () => {
    const { store } = storeFixture({ maxEntries: 2 });
    const oldest = store.put(SESSION, "whoami", values("first"));
    const middle = store.put(SESSION, "whoami", values("second"));
    const newest = store.put(SESSION, "whoami", values("third"));
    expect(store.size, "the store should never hold more than maxEntries").toBe(2);
    expect(store.take(oldest, SESSION, "whoami"), "the oldest entry should have been evicted").toBeNull();
    expect(store.take(middle, SESSION, "whoami")?.get("visitor"), "younger entries stay").toBe("second");
    expect(store.take(newest, SESSION, "whoami")?.get("visitor"), "the newest entry stays").toBe("third");
  });

  it("drops expired entries when it stores a new one", () => {
    const { store, clock } = storeFixture({ ttlMs: 10_000 });
    store.put(SESSION, "whoami", values("old"));
    store.put(OTHER_SESSION, "whoami", values("old too"));
    clock.now += 10_000;
    store.put(SESSION, "whoami", values("fresh"));
    expect(store.size, "expired entries should not hold memory past the next put").toBe(1);
  });
});

describe("HandoffStore revocation", () => {
  it("drops every pending handoff of a session that ended, and no other", () => {
    const { store } = storeFixture();
    const mine = store.put(SESSION, "whoami", values("alice"));
    const theirs = store.put(OTHER_SESSION, "whoami", values("mallory"));
    expect(store.revokeSession(SESSION), "one handoff belonged to the ended session").toBe(1);
    expect(store.take(mine, SESSION, "whoami"), "a revoked handoff must miss").toBeNull();
    expect(store.take(theirs, OTHER_SESSION, "whoami"), "another session's handoff stays").not.toBeNull();
  });

  it("drops every pending handoff carrying a liveSocketId, in every session", () => {
    const { store } = storeFixture();
    const here = store.put(SESSION, "whoami", values("alice"), { liveSocketId: "users_sessions:abc" });
    const there = store.put(OTHER_SESSION, "whoami", values("alice"), { liveSocketId: "users_sessions:abc" });
    const unrelated = store.put(OTHER_SESSION, "whoami", values("bob"), { liveSocketId: "users_sessions:xyz" });
    expect(store.revokeLiveSocketId("users_sessions:abc"), "both handoffs of that log-in should go").toBe(2);
    expect(store.take(here, SESSION, "whoami")).toBeNull();
    expect(store.take(there, OTHER_SESSION, "whoami")).toBeNull();
    expect(store.take(unrelated, OTHER_SESSION, "whoami"), "another log-in's handoff stays").not.toBeNull();
  });
});
