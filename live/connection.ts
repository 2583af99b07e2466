/**
 * One live socket after its upgrade. It owns its websocket — the listeners,
 * the heartbeat, the join timer and its age — and hands each parsed message
 * to its view channel (view-channel.ts), one message at a time. Every bad
 * frame gets a typed error and a log line, and never affects another socket.
 */
import type { WebSocket } from "ws";
import { CLOSE, parseClientMessage, type ClientMessage, type ErrorCode, type ServerMessage } from "./protocol.ts";
import { TokenBucket } from "./rate-limit.ts";
import { ViewChannel, type ChannelContext } from "./view-channel.ts";
import type { Session } from "./view.ts";

export type ConnectionContext = ChannelContext & {
  log: (line: string) => void;
  limits: { messagesPerSecond: number; messageBurst: number; maxSocketAgeMs: number; joinTimeoutMs: number };
};

export type SocketIdentity = { sessionId: string; session: Session };

// Past this many refused messages in a row the peer is not a browser: close.
const MAX_RATE_LIMITED_MESSAGES = 50;
// Messages waiting behind a slow handler; a browser never gets near this.
const MAX_QUEUED_MESSAGES = 100;
// After a revocation, how long a peer may take to answer the close frame before it is cut off.
const CLOSE_GRACE_IN_MS = 1_000;

export class Connection {
  readonly #openedAt: number;
  readonly #channel: ViewChannel;
  readonly #bucket: TokenBucket;
  readonly #joinTimer: NodeJS.Timeout;
  #alive = true; // answered the last ping
  #queue: Promise<void> = Promise.resolve();
  #limited = 0;
  #queued = 0;

  constructor(
    private readonly ctx: ConnectionContext,
    private readonly ws: WebSocket,
    readonly identity: SocketIdentity,
    onClose: () => void,
  ) {
    this.#openedAt = ctx.clock();
    this.#bucket = new TokenBucket(ctx.limits.messagesPerSecond, ctx.limits.messageBurst, ctx.clock);
    this.#channel = new ViewChannel(ctx, identity, { send: (m) => this.send(m), error: (...args) => this.#error(...args) });
    // A socket that never joins would hold its session's slot forever.
    this.#joinTimer = setTimeout(() => this.#channel.joined || ws.close(CLOSE.joinTimeout, "no join: closing"), ctx.limits.joinTimeoutMs).unref();
    ws.on("message", (data, isBinary) => this.#receive(data, isBinary));
    ws.on("pong", () => (this.#alive = true));
    ws.on("error", (error) => ctx.log(`[live] socket error: ${error.message}`));
    ws.on("close", () => {
      clearTimeout(this.#joinTimer);
      onClose();
    });
  }

  /**
   * One heartbeat tick: a peer that did not answer the last ping is gone, and a
   * socket older than the session's idle lifetime goes back through HTTP, where
   * the session is checked again.
   */
  heartbeat() {
    if (this.ctx.clock() - this.#openedAt > this.ctx.limits.maxSocketAgeMs) {
      return this.disconnect("the session must be checked again: reload");
    }
    if (!this.#alive) {
      this.ctx.log("[live] reaping a socket that missed its heartbeat");
      return this.ws.terminate();
    }
    this.#alive = false;
    this.ws.ping();
  }

  /** Tells the client why, closes, and cuts off a peer that does not answer the close in time. */
  disconnect(reason: string, code: number = CLOSE.loggedOut) {
    this.send({ t: "disconnect", reason });
    this.ws.close(code, reason);
    setTimeout(() => this.ws.terminate(), CLOSE_GRACE_IN_MS).unref();
  }

  get joined(): boolean {
    return this.#channel.joined;
  }

  send(message: ServerMessage) {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  #receive(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) {
    if (isBinary) {
      this.ctx.log("[live] binary frame refused; closing 1003");
      return this.ws.close(CLOSE.binaryFrame, "binary frames are not supported");
    }
    if (this.ws.readyState !== this.ws.OPEN) return; // closing: a revoked socket runs nothing more
    const parsed = parseClientMessage(data.toString());
    if (!this.#bucket.take()) return this.#rateLimited(parsed.ok ? parsed.message.ref : parsed.ref);
    this.#limited = 0;
    if (!parsed.ok) return this.#error(parsed.ref, parsed.code, parsed.message);
    if (this.#queued >= MAX_QUEUED_MESSAGES) return this.ws.close(CLOSE.policy, "too many messages waiting");
    // One message at a time, in order, even when handlers await.
    this.#queued += 1;
    this.#queue = this.#queue.then(() => this.#handle(parsed.message)).finally(() => (this.#queued -= 1));
  }

  async #handle(message: ClientMessage) {
    if (this.ws.readyState !== this.ws.OPEN) return; // queued before a revocation: drop it
    try {
      await this.#channel.handle(message);
    } catch (error) {
      this.ctx.log(`[live] ${this.#channel.viewName} crashed: ${(error as Error).stack ?? error}`);
      this.#error(message.ref, "server_error", "the server failed to handle this message");
    }
  }

  #error(ref: number | null, code: ErrorCode, message: string, reload = false) {
    this.ctx.log(`[live] ${code}: ${message}`);
    this.send({ t: "error", ref, code, message, ...(reload ? { reload } : {}) });
  }

  #rateLimited(ref: number | null) {
    this.#limited += 1;
    // Answer with the ref, so the client can stop showing that element as loading.
    this.send({ t: "error", ref, code: "rate_limited", message: "too many messages; slow down" });
    if (this.#limited === 1) this.ctx.log("[live] rate_limited: too many messages on one socket");
    if (this.#limited > MAX_RATE_LIMITED_MESSAGES) this.ws.close(CLOSE.policy, "message rate limit exceeded");
  }
}
