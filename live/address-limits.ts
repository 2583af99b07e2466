/**
 * Sockets per client address. The per-session cap alone lets one machine
 * open a fresh anonymous session per batch of sockets; counting by address
 * bounds both how many sockets it holds and how fast it opens new ones.
 * The address is the TCP peer's: behind a proxy that is the proxy, so raise
 * the limits there (a forwarded header is not trusted here).
 */
import type { IncomingMessage } from "node:http";
import { TokenBucket } from "./rate-limit.ts";

export type AddressLimitOptions = {
  socketsPerAddress: number;
  upgradesPerSecondPerAddress: number;
  upgradeBurstPerAddress: number;
};

export type Admission = { ok: true; release: () => void } | { ok: false; reason: string };

type Entry = { open: number; bucket: TokenBucket };

export class AddressLimits {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly limits: AddressLimitOptions,
    private readonly clock: () => number,
  ) {}

  /** Counts one more socket from `address`, or says why not. `release` gives the slot back (once). */
  admit(address: string): Admission {
    const entry = this.#entry(address);
    if (!entry.bucket.take()) {
      return { ok: false, reason: `more than ${this.limits.upgradesPerSecondPerAddress} new sockets per second from ${address}` };
    }
    if (entry.open >= this.limits.socketsPerAddress) {
      return { ok: false, reason: `${address} already has ${entry.open} sockets open` };
    }
    entry.open += 1;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        entry.open -= 1;
        this.#forgetIfIdle(address, entry);
      },
    };
  }

  /** Drops addresses with nothing open and a full bucket: they would start from scratch anyway. */
  prune() {
    for (const [address, entry] of this.#entries) this.#forgetIfIdle(address, entry);
  }

  get size(): number {
    return this.#entries.size;
  }

  #entry(address: string): Entry {
    let entry = this.#entries.get(address);
    if (!entry) {
      const { upgradesPerSecondPerAddress, upgradeBurstPerAddress } = this.limits;
      entry = { open: 0, bucket: new TokenBucket(upgradesPerSecondPerAddress, upgradeBurstPerAddress, this.clock) };
      this.#entries.set(address, entry);
    }
    return entry;
  }

  #forgetIfIdle(address: string, entry: Entry) {
    if (entry.open === 0 && entry.bucket.isFull()) this.#entries.delete(address);
  }
}

/** The peer's address; an IPv4 client on a dual-stack socket counts as its IPv4 address. */
export function clientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "unknown";
  return address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
}
