/**
 * The render handoff: what `assignNew` loaded during the dead render, kept
 * server-side for a few seconds so the connected mount can adopt it instead
 * of querying again. Single-use, bound to the session and the page (view and
 * params), bounded in memory. Every miss is harmless: the caller runs its loader instead.
 *
 * Revocation reaches it too: whatever closes a session's sockets (log-out,
 * a password change elsewhere) also drops that session's pending handoffs,
 * so a page rendered just before cannot adopt a user who is no longer valid.
 *
 * It also carries the session as the page was rendered, so the socket's
 * upgrade, seconds later, need not read it from the store again (peekSession).
 * The same binding, lifetime and revocation apply, and one more rule: any other
 * request of the session forgets the copy (forgetSessionCopies), since it may
 * have changed the session — then the upgrade reads the store, as it always did.
 *
 * `RenderHandoffStore` is the shape every store has; `HandoffStore` below keeps
 * the entries in this process's memory (the default). On more than one node the
 * dead render and the join may land on different nodes: redis-handoff.ts keeps
 * them in Redis instead, with the same rules. Any method may answer with a
 * promise, and a store that cannot answer treats it as a miss.
 */
import { randomBytes, createHash } from "node:crypto";
import type { Session } from "./view.ts";

export type HandoffOptions = {
  enabled: boolean;
  ttlMs: number; // the staleness window: how old adopted values may be
  maxEntries: number; // memory bound; the oldest entry is evicted first
};

export const HANDOFF_DEFAULTS: HandoffOptions = { enabled: true, ttlMs: 10_000, maxEntries: 10_000 };

type Entry = {
  sessionKey: string;
  liveSocketId: string | null; // the session's log-in, if the app set one (see socket-server.ts)
  view: string;
  values: Map<string, unknown>;
  session: Session | null; // the session's data when the page was rendered
  expiresAt: number;
};

export type HandoffBinding = { liveSocketId?: string | null; session?: Session | null };

type Awaitable<T> = T | Promise<T>;

export interface RenderHandoffStore {
  /** Stores values for a later connected mount; returns the id the page embeds, or null. */
  put(sessionId: string, view: string, values: Map<string, unknown>, binding?: HandoffBinding): Awaitable<string | null>;
  /** The session as its page was rendered, for that session's upgrade; the entry stays for the join. */
  peekSession(id: string | null, sessionId: string): Awaitable<Session | null>;
  /** Takes (and deletes) the entry, if it is live and belongs to this session and view. Single-use, whoever presents it. */
  take(id: string | null, sessionId: string, view: string): Awaitable<Map<string, unknown> | null>;
  /** Forgets the session copies of this session's pending handoffs, but the one `keep` names. */
  forgetSessionCopies(sessionId: string, keep?: string | null): Awaitable<void>;
  /** Drops every pending handoff of this session (it logged out). Returns how many. */
  revokeSession(sessionId: string): Awaitable<number>;
  /** Drops every pending handoff carrying this liveSocketId (its log-in ended elsewhere). Returns how many. */
  revokeLiveSocketId(liveSocketId: string): Awaitable<number>;
}

/** The in-memory store: one process's handoffs, bounded by maxEntries. */
export class HandoffStore implements RenderHandoffStore {
  // A Map iterates in insertion order, so its first key is the oldest entry.
  readonly #entries = new Map<string, Entry>();
  // Ids by session: every request of a session forgets its copies (live.ts), so that must not scan them all.
  readonly #bySession = new Map<string, Set<string>>();

  constructor(
    readonly options: HandoffOptions,
    private readonly clock: () => number,
  ) {}

  /** Stores values for a later connected mount; returns the id the page embeds, or null. */
  put(sessionId: string, view: string, values: Map<string, unknown>, binding: HandoffBinding = {}): string | null {
    if (!this.options.enabled || values.size === 0) return null;
    this.#evict();
    const id = randomBytes(18).toString("base64url");
    const expiresAt = this.clock() + this.options.ttlMs;
    const sessionKey = hashSession(sessionId);
    this.#entries.set(id, { sessionKey, liveSocketId: binding.liveSocketId ?? null, view, values, session: binding.session ?? null, expiresAt });
    this.#bySession.set(sessionKey, (this.#bySession.get(sessionKey) ?? new Set()).add(id));
    return id;
  }

  /** The session as its page was rendered, for that session's upgrade; the entry stays for the join. */
  peekSession(id: string | null, sessionId: string): Session | null {
    const entry = id ? this.#entries.get(id) : undefined;
    if (!entry || entry.sessionKey !== hashSession(sessionId) || entry.expiresAt <= this.clock()) return null;
    return entry.session;
  }

  /** Takes (and deletes) the entry, if it is live and belongs to this session and view. */
  take(id: string | null, sessionId: string, view: string): Map<string, unknown> | null {
    if (!id) return null;
    const entry = this.#entries.get(id);
    if (!entry) return null;
    this.#delete(id, entry); // single-use, whoever presents it
    const owned = entry.sessionKey === hashSession(sessionId) && entry.view === view;
    return owned && entry.expiresAt > this.clock() ? entry.values : null;
  }

  /** Forgets the session copies of this session's pending handoffs, but the one `keep` names. */
  forgetSessionCopies(sessionId: string, keep: string | null = null) {
    for (const id of this.#bySession.get(hashSession(sessionId)) ?? []) {
      const entry = this.#entries.get(id);
      if (entry && id !== keep) entry.session = null;
    }
  }

  /** Drops every pending handoff of this session (it logged out). Returns how many. */
  revokeSession(sessionId: string): number {
    const ids = [...(this.#bySession.get(hashSession(sessionId)) ?? [])];
    for (const id of ids) this.#delete(id, this.#entries.get(id)!);
    return ids.length;
  }

  /** Drops every pending handoff carrying this liveSocketId (its log-in ended elsewhere). */
  revokeLiveSocketId(liveSocketId: string): number {
    return this.#revokeWhere((entry) => entry.liveSocketId === liveSocketId);
  }

  get size(): number {
    return this.#entries.size;
  }

  // A scan of at most maxEntries; revocations by log-in are rare next to page loads.
  #revokeWhere(matches: (entry: Entry) => boolean): number {
    let revoked = 0;
    for (const [id, entry] of this.#entries) {
      if (!matches(entry)) continue;
      this.#delete(id, entry);
      revoked += 1;
    }
    return revoked;
  }

  #evict() {
    const now = this.clock();
    for (const [id, entry] of this.#entries) {
      if (entry.expiresAt > now && this.#entries.size < this.options.maxEntries) break;
      this.#delete(id, entry);
    }
  }

  #delete(id: string, entry: Entry) {
    this.#entries.delete(id);
    const ids = this.#bySession.get(entry.sessionKey);
    ids?.delete(id);
    if (ids?.size === 0) this.#bySession.delete(entry.sessionKey);
  }
}

/** What a store keeps instead of the session id, so what it holds names no session. */
export function hashSession(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("base64url");
}
