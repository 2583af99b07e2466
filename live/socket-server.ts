/**
 * The live socket endpoint, `/live/websocket`, on the app's own http server.
 * The upgrade is where a socket learns who it is talking to:
 *   1. Host and Origin must name the app (host-check.ts), or 403 before
 *      upgrading: a page on another site could otherwise open a socket with our cookies.
 *   2. The client's address must be under its caps (address-limits.ts), or close 4429.
 *   3. The express-session is read from the upgrade request's cookie — the
 *      same middleware the HTTP side uses — and is only trusted together with
 *      the session's CSRF token, which the page hands the client (close 4403).
 *      A first connect names its page's render handoff: when that is still
 *      pending for the cookie's session, it holds the session as the page was
 *      rendered a moment ago, and the store is not asked again (handoff.ts).
 * Sockets are indexed by session id, so a log-out can close exactly those,
 * and by the session's `liveSocketId` when the app sets one (e.g. one per
 * user token), so a password change can close every socket of that user.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Request, RequestHandler, Response } from "express";
import { WebSocketServer, type WebSocket } from "ws";
import { AddressLimits, clientAddress } from "./address-limits.ts";
import { Connection, type ConnectionContext } from "./connection.ts";
import { verifyCsrfToken } from "./csrf.ts";
import { allowedOrigins, hostAllowed, type HostPolicy } from "./host-check.ts";
import { CLOSE, LIVE_SOCKET_PATH } from "./protocol.ts";
import { inPhase } from "./query-log.ts";
import { sessionIdFromCookie } from "./session-cookie.ts";
import type { SocketLimits } from "./socket-limits.ts";
import type { Session } from "./view.ts";

export { LIVE_SOCKET_PATH };
export { SOCKET_DEFAULTS, type SocketLimits } from "./socket-limits.ts";

declare module "express-session" {
  interface SessionData {
    liveSocketId: string;
  }
}

export type SocketServerContext = ConnectionContext & {
  hosts: HostPolicy;
  session: RequestHandler;
  sessionCookie: string | null; // the session cookie's name: without it every upgrade reads the store
  limits: SocketLimits;
};

type Identity = { sessionId: string; session: Session };

export class LiveSocketServer {
  readonly #wss: WebSocketServer;
  readonly #byKey = new Map<string, Set<Connection>>(); // "session:<id>" and "socket-id:<liveSocketId>"
  readonly #addresses: AddressLimits;
  readonly #origins: Set<string>;
  readonly #heartbeat: NodeJS.Timeout;

  constructor(private readonly ctx: SocketServerContext) {
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: ctx.limits.maxPayloadBytes, perMessageDeflate: false });
    this.#addresses = new AddressLimits(ctx.limits, ctx.clock);
    this.#origins = new Set(allowedOrigins(ctx.hosts));
    this.#heartbeat = setInterval(() => this.#tick(), ctx.limits.heartbeatMs).unref();
  }

  attach(server: Server) {
    server.on("upgrade", (req, socket, head) => void this.upgrade(req, socket, head));
  }

  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    // Node removes its own error listener from an upgrading socket: without ours, a client reset would crash the process.
    const onError = (error: Error) => this.ctx.log(`[live] upgrade socket error: ${error.message}`);
    socket.on("error", onError);
    const url = parseRequestUrl(req.url);
    if (!url) return refuse(socket, 400, "Bad Request");
    if (url.pathname !== LIVE_SOCKET_PATH) return refuse(socket, 404, "Not Found");
    const origin = req.headers.origin?.toLowerCase();
    if (origin === undefined || !this.#origins.has(origin) || !hostAllowed(this.ctx.hosts, req)) {
      const asked = `origin ${JSON.stringify(req.headers.origin ?? null)}, host ${JSON.stringify(req.headers.host ?? null)}`;
      this.ctx.log(`[live] upgrade refused: ${asked} is not one of ${[...this.#origins].join(", ")}`);
      return refuse(socket, 403, "Forbidden");
    }
    const address = clientAddress(req);
    const admitted = this.#addresses.admit(address);
    const upgrade = (then: (ws: WebSocket) => void) =>
      this.#wss.handleUpgrade(req, socket, head, (ws) => {
        socket.off("error", onError); // from here on, errors are the WebSocket's
        then(ws);
      });
    if (!admitted.ok) {
      this.ctx.log(`[live] socket refused: ${admitted.reason}`);
      return upgrade((ws) => ws.close(CLOSE.tooManySockets, "too many sockets from this address"));
    }
    const accept = (identity: Identity) => {
      const csrfValid = verifyCsrfToken(identity.session, url.searchParams.get("_csrf"));
      upgrade((ws) => {
        ws.once("close", admitted.release);
        this.#accept(ws, identity, csrfValid);
      });
    };
    const rendered = await this.#renderedSession(req, url.searchParams.get("handoff"));
    if (socket.destroyed) return admitted.release(); // the client left while the store answered
    if (rendered) return accept(rendered);
    const request = req as Request;
    inPhase("upgrade", null, () =>
      this.ctx.session(request, {} as Response, (error?: unknown) => {
        if (error) {
          admitted.release();
          return refuse(socket, 500, "Internal Server Error");
        }
        accept({ sessionId: request.sessionID, session: request.session });
      }),
    );
  }

  /** The session its page was rendered with, if that page's handoff is still pending for this cookie's session. */
  async #renderedSession(req: IncomingMessage, handoffId: string | null): Promise<Identity | null> {
    if (!handoffId || !this.ctx.sessionCookie) return null;
    const sessionId = sessionIdFromCookie(req.headers.cookie, this.ctx.sessionCookie, this.ctx.secret);
    if (!sessionId) return null;
    const session = await this.ctx.handoff.peekSession(handoffId, sessionId);
    return session ? { sessionId, session } : null;
  }

  /**
   * Closes every socket of this session, e.g. on log-out, and drops its pending
   * render handoffs, so a page rendered a moment ago cannot adopt them. Returns how many sockets.
   */
  disconnectSession(sessionId: string, reason: string): number {
    this.#revoking("a session", this.ctx.handoff.revokeSession(sessionId));
    return this.#disconnect(`session:${sessionId}`, reason);
  }

  /** The same for every session whose log-in carried this liveSocketId (a password change). */
  disconnectLiveSocketId(liveSocketId: string, reason: string): number {
    this.#revoking("a liveSocketId", this.ctx.handoff.revokeLiveSocketId(liveSocketId));
    return this.#disconnect(`socket-id:${liveSocketId}`, reason);
  }

  countSockets(sessionId: string): number {
    return this.#byKey.get(`session:${sessionId}`)?.size ?? 0;
  }

  /** Closes every socket with a code the client reconnects after (1012: service restart). */
  disconnectAll(reason: string, code = 1012): number {
    const connections = this.#all();
    for (const connection of connections) connection.disconnect(reason, code);
    return connections.size;
  }

  close() {
    clearInterval(this.#heartbeat);
    this.disconnectAll("server shutting down", 1001);
    this.#wss.close();
  }

  // The in-memory store drops them before this returns; a shared store's command is on its way
  // (issued before any later command of this node, so this node's next take cannot pass it).
  #revoking(what: string, revoked: number | Promise<number>) {
    if (typeof revoked === "number") return;
    revoked.catch((error: Error) => this.ctx.log(`[live] could not drop the handoffs of ${what}: ${error.message}`));
  }

  #disconnect(key: string, reason: string): number {
    const connections = [...(this.#byKey.get(key) ?? [])];
    for (const connection of connections) connection.disconnect(reason);
    return connections.length;
  }

  #all(): Set<Connection> {
    return new Set([...this.#byKey.values()].flatMap((set) => [...set]));
  }

  #accept(ws: WebSocket, { sessionId, session }: Identity, csrfValid: boolean) {
    if (!csrfValid) {
      this.ctx.log("[live] socket refused: missing or invalid CSRF token");
      return ws.close(CLOSE.csrfRefused, "invalid CSRF token: reload the page");
    }
    const open = this.countSockets(sessionId);
    if (open >= this.ctx.limits.socketsPerSession) {
      this.ctx.log(`[live] socket refused: session already has ${open} sockets`);
      return ws.close(CLOSE.tooManySockets, "too many sockets for this session");
    }
    const keys = [`session:${sessionId}`];
    if (session.liveSocketId) keys.push(`socket-id:${session.liveSocketId}`);
    const connection = new Connection(this.ctx, ws, { sessionId, session }, () => this.#unindex(connection, keys));
    for (const key of keys) this.#byKey.set(key, (this.#byKey.get(key) ?? new Set()).add(connection));
  }

  #unindex(connection: Connection, keys: string[]) {
    for (const key of keys) {
      const set = this.#byKey.get(key);
      set?.delete(connection);
      if (set?.size === 0) this.#byKey.delete(key);
    }
  }

  #tick() {
    for (const connection of this.#all()) connection.heartbeat();
    this.#addresses.prune();
  }
}

/** The request target, or null when it is not a URL at all (`GET http://[ HTTP/1.1`). */
function parseRequestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? "/", "http://localhost");
  } catch {
    return null;
  }
}

function refuse(socket: Duplex, status: number, text: string) {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
