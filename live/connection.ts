/**
 * One live socket after its upgrade: it joins one view (the connected mount),
 * then handles that view's events, one message at a time. Every reply is a
 * ServerMessage from protocol.ts; every bad frame gets a typed error and a
 * log line, and never affects any other socket.
 */
import type { WebSocket } from "ws";
import { signFlash } from "./flash.ts";
import type { HandoffStore } from "./handoff.ts";
import { runMount, type LiveRoute } from "./lifecycle.ts";
import { CLOSE, parseClientMessage, type ClientMessage, type ErrorCode, type ServerMessage } from "./protocol.ts";
import { inPhase, type Phase } from "./query-log.ts";
import { TokenBucket } from "./rate-limit.ts";
import { pageKey, sameClaims, verifyViewToken } from "./token.ts";
import { LiveSocket, type Params, type Session } from "./view.ts";

export type ConnectionContext = {
  secret: string;
  pageTitle: (title: string) => string;
  clock: () => number;
  handoff: HandoffStore;
  matchPath: (path: string) => { route: LiveRoute; params: Params } | null;
  log: (line: string) => void;
  limits: { messagesPerSecond: number; messageBurst: number };
};

// Past this many refused messages in a row the peer is not a browser: close.
const MAX_RATE_LIMITED_MESSAGES = 50;
// Messages waiting behind a slow handler; a browser never gets near this.
const MAX_QUEUED_MESSAGES = 100;
// After a revocation, how long a peer may take to answer the close frame before it is cut off.
const CLOSE_GRACE_IN_MS = 1_000;

export class Connection {
  alive = true;
  readonly openedAt: number;
  #joined: { route: LiveRoute; socket: LiveSocket<any> } | null = null;
  #queue: Promise<void> = Promise.resolve();
  #bucket: TokenBucket;
  #limited = 0;
  #queued = 0;

  constructor(
    private readonly ctx: ConnectionContext,
    readonly ws: WebSocket,
    readonly sessionId: string,
    readonly session: Session,
  ) {
    this.#bucket = new TokenBucket(ctx.limits.messagesPerSecond, ctx.limits.messageBurst, ctx.clock);
    this.openedAt = ctx.clock();
  }

  receive(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) {
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

  /** Tells the client why, closes, and cuts off a peer that does not answer the close in time. */
  disconnect(reason: string, code: number = CLOSE.loggedOut) {
    this.send({ t: "disconnect", reason });
    this.ws.close(code, reason);
    setTimeout(() => this.ws.terminate(), CLOSE_GRACE_IN_MS).unref();
  }

  get joined(): boolean {
    return this.#joined !== null;
  }

  send(message: ServerMessage) {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  async #handle(message: ClientMessage) {
    if (this.ws.readyState !== this.ws.OPEN) return; // queued before a revocation: drop it
    try {
      if (message.t === "join") await this.#join(message);
      else await this.#event(message);
    } catch (error) {
      this.ctx.log(`[live] ${this.#joined?.route.view.name ?? "socket"} crashed: ${(error as Error).stack ?? error}`);
      this.#error(message.ref, "server_error", "the server failed to handle this message");
    }
  }

  async #join({ ref, token, handoff, path }: Extract<ClientMessage, { t: "join" }>) {
    if (this.#joined) return this.#error(ref, "already_joined", "this socket has already joined a view");
    const verified = verifyViewToken(this.ctx.secret, token, this.ctx.clock());
    if (!verified.ok) return this.#error(ref, verified.reason, "the page is stale or its token is not ours", true);
    const match = this.ctx.matchPath(path);
    if (!match || !sameClaims(verified.claims, { view: match.route.view.name, params: match.params })) {
      return this.#error(ref, "token_mismatch", "the view token belongs to another view or path", true);
    }
    const { route, params } = match;
    const name = route.view.name;
    const adopted = this.ctx.handoff.take(handoff, this.sessionId, pageKey({ view: name, params }));
    const socket = new LiveSocket(name, true, { kind: "handoff", values: adopted });
    await inPhase("mount:connected", name, () => runMount(route, params, this.session, socket));
    if (!socket.redirected) this.#joined = { route, socket };
    this.#reply(ref, route, socket, "mount:connected");
  }

  async #event({ ref, event, value }: Extract<ClientMessage, { t: "event" }>) {
    if (!this.#joined) return this.#error(ref, "not_joined", "join a view before sending events");
    const { route, socket } = this.#joined;
    const handlers = route.view.handleEvent ?? {};
    const handler = Object.hasOwn(handlers, event) ? handlers[event] : undefined;
    if (!handler) return this.#error(ref, "unknown_event", `${route.view.name} has no event ${JSON.stringify(event)}`);
    await inPhase("event", route.view.name, () => handler(socket, value));
    this.#reply(ref, route, socket, "event");
  }

  /** After a mount or an event: a redirect, or any flashes and the new render. */
  #reply(ref: number, route: LiveRoute, socket: LiveSocket<any>, phase: Phase) {
    const flashes = socket.flashes.splice(0);
    if (socket.redirected) {
      const { to, flash } = socket.redirected;
      const carried = { ...Object.fromEntries(flashes.map((f) => [f.kind, f.message])), ...flash };
      const token = Object.keys(carried).length > 0 ? signFlash(this.ctx.secret, carried, this.ctx.clock()) : null;
      this.#joined = null;
      return this.send({ t: "redirect", ref, to, flash: token });
    }
    for (const { kind, message } of flashes) this.send({ t: "flash", kind, message });
    const html = inPhase(phase, route.view.name, () => route.view.render(socket.assigns).value);
    const title = route.view.title ? this.ctx.pageTitle(route.view.title(socket.assigns)) : undefined;
    this.send({ t: "rendered", ref, html, title });
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
