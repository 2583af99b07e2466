/**
 * The runtime's Redis backends for more than one node: the render handoff
 * (redis-handoff.ts) and the disconnect bus, as Redis pub/sub. An app passes
 * both to createLive when it is configured with a Redis URL. They are their
 * own entry, `#live/redis`, so an app without Redis never loads the client:
 *
 *   const redis = process.env.REDIS_URL ? redisLiveBackends(process.env.REDIS_URL, { log }) : null;
 *   createLive({ …, handoffStore: redis?.handoffStore, bus: redis?.bus });
 *   …on shutdown: await redis?.close();
 *
 * Two connections: one for commands (it fails fast while Redis is away, so a
 * page load never waits for it: the handoff misses) and one that subscribes,
 * since a subscribed connection can run nothing else.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { BusListener, DisconnectMessage, LiveBus } from "./bus.ts";
import { RedisHandoffStore, type RedisHandoffOptions } from "./redis-handoff.ts";

export { RedisHandoffStore, type RedisHandoffOptions };

// A Redis that stops answering costs a page load at most this long before the handoff misses.
const COMMAND_TIMEOUT_IN_MS = 1_000;

export type RedisBackendOptions = {
  prefix?: string; // keys and the channel start with it (default "live:")
  handoff?: Partial<Pick<RedisHandoffOptions, "enabled" | "ttlMs" | "clock">>;
  log?: (line: string) => void;
};

export function redisLiveBackends(url: string, options: RedisBackendOptions = {}) {
  const prefix = options.prefix ?? "live:";
  const log = options.log ?? ((line: string) => console.warn(line));
  const commands = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_IN_MS, lazyConnect: true });
  const subscriber = new Redis(url, { lazyConnect: true });
  const bus = new RedisBus(commands, subscriber, `${prefix}disconnect`, log);
  const handoffStore = new RedisHandoffStore(commands, { ...options.handoff, prefix, log });
  commands.on("error", () => {}); // reported once per outage by the bus, which watches the same server
  const ready = Promise.all([commands.connect(), bus.ready]).then(() => undefined);
  ready.catch(() => {}); // Redis down at boot must not crash an app that does not wait: both connections keep retrying
  return {
    handoffStore,
    bus,
    /** Resolves once both connections are up and the bus is subscribed; rejects if Redis is not there at first. Until then the handoff misses. */
    ready,
    async close() {
      await Promise.allSettled([commands.quit(), subscriber.quit()]);
    },
  };
}

/**
 * Disconnects as Redis pub/sub. Pub/sub keeps nothing: a node that is not
 * subscribed at the moment of a publish never hears it, so the bus reports
 * `lost` as soon as its connection closes and `restored` once it is
 * subscribed again (see bus.ts for what the node does then).
 */
export class RedisBus implements LiveBus {
  readonly #node = randomUUID(); // its own messages come back to it: skip them
  readonly #listeners = new Set<BusListener>();
  #down = false; // reported lost, not yet restored
  readonly ready: Promise<void>;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly log: (line: string) => void,
  ) {
    subscriber.on("message", (_channel: string, text: string) => this.#receive(text));
    subscriber.on("error", (error: Error) => this.#lost(error.message));
    subscriber.on("close", () => this.#lost("connection closed"));
    subscriber.on("ready", () => void this.#subscribe());
    this.ready = subscriber.connect().then(() => this.#subscribe());
  }

  async publish(message: DisconnectMessage): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify({ from: this.#node, message }));
  }

  subscribe(listener: BusListener): () => void {
    this.#listeners.add(listener);
    if (this.#down) listener.lost("not subscribed");
    return () => this.#listeners.delete(listener);
  }

  async #subscribe() {
    try {
      await this.subscriber.subscribe(this.channel); // again after a reconnect: the reply is the proof
    } catch (error) {
      return this.#lost((error as Error).message);
    }
    if (!this.#down) return;
    this.#down = false;
    this.log(`[live] disconnect bus subscribed again to ${this.channel}`);
    for (const listener of this.#listeners) listener.restored();
  }

  #lost(why: string) {
    if (this.#down) return; // once per outage: ioredis reports every reconnect attempt
    this.#down = true;
    for (const listener of this.#listeners) listener.lost(why);
  }

  #receive(text: string) {
    const parsed = parseEnvelope(text);
    if (!parsed) return this.log(`[live] disconnect bus: ignored a malformed message on ${this.channel}`);
    if (parsed.from === this.#node) return;
    for (const listener of this.#listeners) listener.disconnect(parsed.message);
  }
}

function parseEnvelope(text: string): { from: string; message: DisconnectMessage } | null {
  try {
    const { from, message: m } = JSON.parse(text);
    if (typeof from !== "string" || typeof m?.reason !== "string") return null;
    if (m.kind === "session" && typeof m.sessionId === "string")
      return { from, message: { kind: "session", sessionId: m.sessionId, reason: m.reason } };
    if (m.kind === "liveSocketId" && typeof m.liveSocketId === "string")
      return { from, message: { kind: "liveSocketId", liveSocketId: m.liveSocketId, reason: m.reason } };
    return null;
  } catch {
    return null;
  }
}
