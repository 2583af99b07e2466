/**
 * The disconnect bus: how a log-out on one node reaches the sockets and the
 * render handoffs held by the others. A node closes its own sockets first and
 * then publishes; every other node closes its sockets of that session (or
 * liveSocketId) and drops the handoffs it holds for them.
 *
 * A bus may lose messages while it is down. It says so: `lost` when it can no
 * longer promise delivery, `restored` when it can again, and `joinCluster`
 * below fails closed (SECURITY 36): a revocation that cannot reach the other
 * nodes still closes this node's sockets, and a node that may have missed one
 * closes its sockets with 1012 (reconnect), so each goes back through the
 * upgrade, which reads the session again (a reconnect names no handoff) —
 * at once, every BUS_DOWN_RECHECK_IN_MS while the bus is down, and once more
 * when it is back, since what was published meanwhile is gone.
 *
 * The default is a `MemoryBus` handle of its own: one process, nobody else to
 * tell (several createLive instances in one process may share one MemoryBus).
 * redis.ts has the one for more than one process.
 */
import type { LiveSocketServer } from "./socket-server.ts";

// While the bus is down, a log-out on another node cannot reach this one: how long a socket it
// missed may serve before going back through the upgrade. Each recheck costs every open socket a reconnect.
export const BUS_DOWN_RECHECK_IN_MS = 5_000;
// "Check the session again": the client reconnects after this code (1012, service restart).
export const RECHECK_CLOSE_CODE = 1012;

export type DisconnectMessage =
  | { kind: "session"; sessionId: string; reason: string }
  | { kind: "liveSocketId"; liveSocketId: string; reason: string };

export type BusListener = {
  disconnect(message: DisconnectMessage): void;
  lost(why: string): void; // messages may be missed from now on
  restored(): void; // delivered again (what was published meanwhile is gone)
};

export interface LiveBus {
  /** Tells every other subscriber; rejects when the message may not have left this node. */
  publish(message: DisconnectMessage): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: BusListener): () => void;
}

/**
 * In-process delivery: `node()` gives one createLive instance its handle, and
 * what one handle publishes reaches every other handle's subscribers.
 */
export class MemoryBus {
  readonly #listeners = new Map<BusListener, object>(); // listener → the handle that subscribed it

  node(): LiveBus {
    const handle = {};
    return {
      publish: async (message) => {
        for (const [listener, owner] of this.#listeners) if (owner !== handle) listener.disconnect(message);
      },
      subscribe: (listener) => {
        this.#listeners.set(listener, handle);
        return () => this.#listeners.delete(listener);
      },
    };
  }
}

/** Subscribes this node's sockets to the bus; `disconnect` closes this node's sockets first, then tells the others. */
export function joinCluster(bus: LiveBus, sockets: LiveSocketServer, log: (line: string) => void) {
  let recheckWhileDown: NodeJS.Timeout | null = null;
  const recheckAll = (why: string) => sockets.disconnectAll(`${why}: checking the session again`, RECHECK_CLOSE_CODE);
  const closeHere = (message: DisconnectMessage) =>
    message.kind === "session"
      ? sockets.disconnectSession(message.sessionId, message.reason)
      : sockets.disconnectLiveSocketId(message.liveSocketId, message.reason);

  const unsubscribe = bus.subscribe({
    disconnect: closeHere,
    lost(why) {
      log(`[live] disconnect bus lost (${why}): closing this node's sockets so they check the session again`);
      recheckAll("the disconnect bus is down");
      recheckWhileDown ??= setInterval(() => recheckAll("the disconnect bus is down"), BUS_DOWN_RECHECK_IN_MS).unref();
    },
    restored() {
      stopRechecking();
      log("[live] disconnect bus back: closing the sockets opened while it was down");
      recheckAll("the disconnect bus is back");
    },
  });

  function stopRechecking() {
    if (recheckWhileDown) clearInterval(recheckWhileDown);
    recheckWhileDown = null;
  }

  return {
    /** Returns how many of this node's sockets closed; a failed publish is logged, this node's sockets are closed already. */
    disconnect(message: DisconnectMessage): number {
      const closed = closeHere(message);
      bus.publish(message).catch((error: Error) => log(`[live] could not tell the other nodes to disconnect a ${message.kind}: ${error.message}`));
      return closed;
    },
    leave() {
      stopRechecking();
      unsubscribe();
    },
  };
}
