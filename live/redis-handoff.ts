/**
 * The render handoff in Redis, for apps on more than one node: the dead render
 * may run on node A and the socket join on node B. The rules are handoff.ts's:
 * single-use whoever presents it, bound to the session (by its hash) and the
 * page, a few seconds long, revoked with the session or its liveSocketId.
 *
 *   live:handoff:<id>            JSON {sessionKey, liveSocketId, view, values, expiresAt}, PX ttl; taken with GETDEL
 *   live:rendered-session:<id>   JSON {sessionKey, session, expiresAt}, PX ttl: the page's session, for its upgrade
 *   live:session-handoffs:<key>  set of ids of one session (key = its hash): revocation and forgetting copies
 *   live:socket-id-handoffs:<id> set of ids carrying one liveSocketId: revocation
 *
 * GETDEL makes a take atomic across nodes: two nodes presenting one id cannot
 * both get the values. Revoking and forgetting run as one Lua script each, so a
 * handoff put meanwhile is either seen by them or put after them. They are sent
 * with EVAL, not EVALSHA: ioredis would retry an unknown script's EVALSHA as an
 * EVAL later, and a take sent after a revocation could then overtake it.
 *
 * Redis unreachable: put, take and peekSession log and miss (the loader runs:
 * one more query, never a wrong user); revocations and forgetting reject, and
 * the caller logs it. The scripts name keys they build, so this is for a single
 * Redis (or a primary with replicas), not Redis Cluster.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { HANDOFF_DEFAULTS, hashSession, type HandoffBinding, type RenderHandoffStore } from "./handoff.ts";
import type { Session } from "./view.ts";

export type RedisHandoffOptions = {
  enabled: boolean;
  ttlMs: number; // the staleness window, as in handoff.ts; also the keys' PX expiry
  prefix: string; // every key starts with it, so apps can share one Redis
  clock: () => number;
  log: (line: string) => void;
};

type StoredHandoff = { sessionKey: string; liveSocketId: string | null; view: string; values: [string, unknown][]; expiresAt: number };
type StoredSession = { sessionKey: string; session: Session; expiresAt: number };

// Deletes `<ARGV[1]><id>` (and `<ARGV[2]><id>`, when given) for every id in the set KEYS[1]
// but ARGV[3]; drops the set unless ARGV[4] is "keep-set". Returns how many ARGV[1] keys it deleted.
const DELETE_MEMBERS_SCRIPT = `
local deleted = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if id ~= ARGV[3] then
    deleted = deleted + redis.call('DEL', ARGV[1] .. id)
    if ARGV[2] ~= '' then redis.call('DEL', ARGV[2] .. id) end
  end
end
if ARGV[4] ~= 'keep-set' then redis.call('DEL', KEYS[1]) end
return deleted`;

export class RedisHandoffStore implements RenderHandoffStore {
  readonly #options: RedisHandoffOptions;

  constructor(
    private readonly redis: Redis,
    options: Partial<RedisHandoffOptions> = {},
  ) {
    this.#options = {
      enabled: HANDOFF_DEFAULTS.enabled,
      ttlMs: HANDOFF_DEFAULTS.ttlMs,
      prefix: "live:",
      clock: Date.now,
      log: console.warn,
      ...options,
    };
  }

  async put(sessionId: string, view: string, values: Map<string, unknown>, binding: HandoffBinding = {}): Promise<string | null> {
    if (!this.#options.enabled || values.size === 0) return null;
    const { ttlMs, clock } = this.#options;
    const id = randomBytes(18).toString("base64url");
    const sessionKey = hashSession(sessionId);
    const liveSocketId = binding.liveSocketId ?? null;
    const expiresAt = clock() + ttlMs;
    const handoff: StoredHandoff = { sessionKey, liveSocketId, view, values: [...values], expiresAt };
    const write = this.redis.multi().set(this.#key("handoff", id), JSON.stringify(handoff), "PX", ttlMs);
    if (binding.session)
      write.set(this.#key("rendered-session", id), JSON.stringify({ sessionKey, session: binding.session, expiresAt }), "PX", ttlMs);
    write.sadd(this.#key("session-handoffs", sessionKey), id).pexpire(this.#key("session-handoffs", sessionKey), ttlMs);
    if (liveSocketId) write.sadd(this.#key("socket-id-handoffs", liveSocketId), id).pexpire(this.#key("socket-id-handoffs", liveSocketId), ttlMs);
    return (await this.#orMiss("put", () => write.exec())) ? id : null;
  }

  async peekSession(id: string | null, sessionId: string): Promise<Session | null> {
    if (!id) return null;
    const raw = await this.#orMiss("peekSession", () => this.redis.get(this.#key("rendered-session", id)));
    const stored = raw ? (JSON.parse(raw) as StoredSession) : null;
    if (!stored || stored.sessionKey !== hashSession(sessionId) || stored.expiresAt <= this.#options.clock()) return null;
    return stored.session;
  }

  async take(id: string | null, sessionId: string, view: string): Promise<Map<string, unknown> | null> {
    if (!id) return null;
    const taken = this.redis.multi().getdel(this.#key("handoff", id)).del(this.#key("rendered-session", id));
    const replies = await this.#orMiss("take", () => taken.exec());
    const raw = replies?.[0]?.[1] as string | null | undefined; // single-use, whoever presents it, on whichever node
    if (!raw) return null;
    const entry = JSON.parse(raw) as StoredHandoff;
    this.#tidySets(id, entry);
    const owned = entry.sessionKey === hashSession(sessionId) && entry.view === view;
    return owned && entry.expiresAt > this.#options.clock() ? new Map(entry.values) : null;
  }

  async forgetSessionCopies(sessionId: string, keep: string | null = null): Promise<void> {
    const set = this.#key("session-handoffs", hashSession(sessionId));
    await this.redis.eval(DELETE_MEMBERS_SCRIPT, 1, set, this.#key("rendered-session", ""), "", keep ?? "", "keep-set");
  }

  revokeSession(sessionId: string): Promise<number> {
    return this.#revokeSet(this.#key("session-handoffs", hashSession(sessionId)));
  }

  revokeLiveSocketId(liveSocketId: string): Promise<number> {
    return this.#revokeSet(this.#key("socket-id-handoffs", liveSocketId));
  }

  async #revokeSet(set: string): Promise<number> {
    const revoked = await this.redis.eval(DELETE_MEMBERS_SCRIPT, 1, set, this.#key("handoff", ""), this.#key("rendered-session", ""), "", "drop-set");
    return Number(revoked);
  }

  // A taken id no longer needs revoking; the sets would otherwise grow while a session keeps loading pages.
  #tidySets(id: string, entry: StoredHandoff) {
    const tidy = this.redis.multi().srem(this.#key("session-handoffs", entry.sessionKey), id);
    if (entry.liveSocketId) tidy.srem(this.#key("socket-id-handoffs", entry.liveSocketId), id);
    tidy.exec().catch(() => {}); // harmless if lost: the sets expire with their last handoff
  }

  async #orMiss<T>(what: string, command: () => Promise<T>): Promise<T | null> {
    try {
      return await command();
    } catch (error) {
      this.#options.log(`[live] handoff ${what} missed: Redis did not answer (${(error as Error).message})`);
      return null;
    }
  }

  #key(kind: "handoff" | "rendered-session" | "session-handoffs" | "socket-id-handoffs", id: string): string {
    return `${this.#options.prefix}${kind}:${id}`;
  }
}
