/**
 * A live socket client for tests, speaking protocol.ts over a real websocket
 * (Node 20 has no global WebSocket, so this uses the `ws` client).
 */
import WebSocket from "ws";
import type { ServerMessage } from "../../live/protocol.ts";
import { csrfFrom, type HttpClient } from "./http-client.ts";

export type LivePage = { token: string; handoff: string | null; csrf: string | null; path: string };

/** What the dead render embedded in the page for the socket. */
export function livePage(html: string, path: string): LivePage {
  const token = html.match(/data-live-token="([^"]+)"/)?.[1];
  if (!token) throw new Error(`no live root with a view token in the page at ${path}`);
  const handoff = html.match(/data-live-handoff="([^"]*)"/)?.[1] || null;
  return { token, handoff, csrf: csrfFrom(html), path };
}

export type ConnectOptions = {
  origin?: string | null; // null: send no Origin header at all
  csrf?: string | null;
  cookie?: string;
  autoPong?: boolean; // false: a peer that never answers the server's pings
  handoff?: false; // leave the handoff out of the upgrade, as a reconnect does
};

export class LiveClient {
  readonly messages: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: (() => void)[] = [];
  #ref = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      this.messages.push(JSON.parse(data.toString()));
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.closed = new Promise((done) => ws.on("close", (code, reason) => done({ code, reason: reason.toString() })));
  }

  /** Opens a socket the way the page's client would: cookie, Origin and the page's CSRF token. */
  static async connect(http: HttpClient, page: LivePage | null, options: ConnectOptions = {}) {
    const csrf = options.csrf === undefined ? page?.csrf : options.csrf;
    const url = new URL("/live/websocket", http.origin.replace(/^http/, "ws"));
    if (csrf) url.searchParams.set("_csrf", csrf);
    // As the page's client does on its first connect: name the render handoff.
    if (page?.handoff && options.handoff !== false) url.searchParams.set("handoff", page.handoff);
    const origin = options.origin === undefined ? http.origin : options.origin;
    const headers: Record<string, string> = { cookie: options.cookie ?? http.cookieHeader() };
    if (origin !== null) headers.origin = origin;
    const ws = new WebSocket(url, { headers, autoPong: options.autoPong ?? true });
    const client = new LiveClient(ws);
    await new Promise<void>((open, fail) => {
      ws.once("open", () => open());
      ws.once("unexpected-response", (_req, res) => fail(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once("error", fail);
    });
    return client;
  }

  /** Joins the page's view; resolves with the reply (rendered, redirect or error). */
  join(page: LivePage, overrides: Partial<{ token: string; handoff: string | null; path: string }> = {}) {
    const ref = ++this.#ref;
    this.sendJson({ t: "join", ref, token: page.token, handoff: page.handoff, path: page.path, ...overrides });
    return this.reply(ref);
  }

  /** A live link: mount the view at `to` on this socket (navigate), or new params for this view (patch). */
  navigate(to: string, kind: "navigate" | "patch" = "navigate") {
    const ref = ++this.#ref;
    this.sendJson({ t: kind, ref, to });
    return this.reply(ref);
  }

  event(event: string, value: Record<string, string> = {}) {
    const ref = ++this.#ref;
    this.sendJson({ t: "event", ref, event, value });
    return this.reply(ref);
  }

  sendJson(message: unknown) {
    this.ws.send(JSON.stringify(message));
  }

  /** The next message that answers `ref` (errors without a ref count too). */
  reply(ref: number | null, timeoutMs = 5_000) {
    return this.waitFor((m) => ("ref" in m ? m.ref === ref || m.ref === null : false), timeoutMs);
  }

  async waitFor(match: (message: ServerMessage) => boolean, timeoutMs = 5_000): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (let seen = 0; ; ) {
      for (; seen < this.messages.length; seen++) if (match(this.messages[seen]!)) return this.messages.splice(seen, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no matching live message within ${timeoutMs} ms`);
      await new Promise<void>((wake) => {
        this.#waiters.push(wake);
        setTimeout(wake, 50);
      });
    }
  }

  close() {
    this.ws.close();
  }
}
