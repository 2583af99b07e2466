/**
 * The views one socket shows, one at a time (Phoenix calls this a channel):
 * it joins the page's view (the connected mount), runs its events, and moves
 * to another view of the same live session without an HTTP request (a live
 * navigation) or to new params of the same view (a patch).
 *
 *   join      view token + handoff  → mount:connected   (the dead render's values adopted)
 *   navigate  same live session     → navigate          (the hooks' values carried over)
 *             another session / not live → error navigate_refused: the client loads it over HTTP
 *   patch     same view             → handleParams      (no mount)
 */
import { signFlash } from "./flash.ts";
import type { RenderHandoffStore } from "./handoff.ts";
import { localUrl, runMount, type LiveRoute } from "./lifecycle.ts";
import type { ClientMessage, ErrorCode, ServerMessage } from "./protocol.ts";
import { inPhase, type Phase } from "./query-log.ts";
import { pageKey, sameClaims, signViewToken, verifyViewToken } from "./token.ts";
import { carriedValues, LiveSocket, type AssignSource, type Params, type Session, type SomeLiveSocket } from "./view.ts";

export type ChannelContext = {
  secret: string;
  pageTitle: (title: string) => string;
  clock: () => number;
  viewTokenTtlMs: number;
  handoff: RenderHandoffStore;
  matchPath: (path: string) => { route: LiveRoute; params: Params } | null;
  /** Load the hooks' values again on every navigation instead of carrying them (one query each, as Phoenix does). */
  revalidateOnNavigate: boolean;
};

export type ChannelOutput = {
  send(message: ServerMessage): void;
  error(ref: number | null, code: ErrorCode, message: string, reload?: boolean): void;
};

type Joined = { route: LiveRoute; params: Params; socket: SomeLiveSocket };
type Message<T extends ClientMessage["t"]> = Extract<ClientMessage, { t: T }>;

export class ViewChannel {
  #joined: Joined | null = null;

  constructor(
    private readonly ctx: ChannelContext,
    private readonly identity: { sessionId: string; session: Session },
    private readonly out: ChannelOutput,
  ) {}

  get joined(): boolean {
    return this.#joined !== null;
  }

  get viewName(): string {
    return this.#joined?.route.view.name ?? "socket";
  }

  handle(message: ClientMessage): Promise<void> {
    if (message.t === "join") return this.#join(message);
    if (!this.#joined) return this.#refuse(message.ref, "not_joined", "join a view before sending events");
    if (message.t === "event") return this.#event(this.#joined, message);
    return this.#go(this.#joined, message.t, message.ref, message.to, "client");
  }

  async #join({ ref, token, handoff, path }: Message<"join">) {
    if (this.#joined) return this.#refuse(ref, "already_joined", "this socket has already joined a view");
    const verified = verifyViewToken(this.ctx.secret, token, this.ctx.clock());
    if (!verified.ok) return this.#refuse(ref, verified.reason, "the page is stale or its token is not ours", true);
    const url = localUrl(path);
    const match = url && this.ctx.matchPath(url.pathname);
    if (!url || !match || !sameClaims(verified.claims, { view: match.route.view.name, params: match.params })) {
      return this.#refuse(ref, "token_mismatch", "the view token belongs to another view or path", true);
    }
    const adopted = await this.ctx.handoff.take(handoff, this.identity.sessionId, pageKey({ view: match.route.view.name, params: match.params }));
    await this.#mount(ref, match, url, { kind: "handoff", values: adopted }, "mount:connected", null);
  }

  async #event(joined: Joined, { ref, event, value }: Message<"event">) {
    const handlers = joined.route.view.handleEvent ?? {};
    const handler = Object.hasOwn(handlers, event) ? handlers[event] : undefined;
    if (!handler) return this.#refuse(ref, "unknown_event", `${joined.route.view.name} has no event ${JSON.stringify(event)}`);
    await inPhase("event", joined.route.view.name, () => handler(joined.socket, value));
    await this.#settle(ref, joined, "event", null);
  }

  /** A navigation or a patch, asked for by a link (client) or by pushNavigate / pushPatch (server). */
  async #go(from: Joined, kind: "navigate" | "patch", ref: number, to: string, by: "client" | "server"): Promise<void> {
    const url = localUrl(to);
    const match = url && this.ctx.matchPath(url.pathname);
    if (!url) return this.#refuse(ref, "bad_target", `${JSON.stringify(to)} is not a local path`);
    if (kind === "patch") {
      if (match?.route !== from.route) return this.#refuse(ref, "bad_target", "a patch stays on the same view: navigate instead");
      const next = { ...from, params: match.params };
      await inPhase("navigate", from.route.view.name, () => from.route.view.handleParams?.(match.params, url, from.socket));
      return this.#settle(ref, next, "navigate", url);
    }
    const sameSession = match !== null && match.route.liveSession !== null && match.route.liveSession === from.route.liveSession;
    if (!sameSession) {
      // Crossing a live session means other hooks may want another user: only a page load runs them with the request.
      if (by === "server") return this.#redirect(ref, to, []);
      const why = match ? "is in another live session" : "is not a live route of this app";
      return this.out.error(ref, "navigate_refused", `${url.pathname} ${why}: load it over HTTP`);
    }
    const carried = this.ctx.revalidateOnNavigate ? null : carriedValues(from.socket);
    this.#joined = null; // the view being left is gone, whatever the next mount does
    await this.#mount(ref, match, url, { kind: "carried", values: carried }, "navigate", url);
  }

  async #mount(ref: number, match: { route: LiveRoute; params: Params }, url: URL, source: AssignSource, phase: Phase, navigatedTo: URL | null) {
    const { route, params } = match;
    const socket = new LiveSocket<never>(route.view.name, true, source);
    await inPhase(phase, route.view.name, () => runMount(route, params, this.identity.session, socket, url));
    await this.#settle(ref, { route, params, socket }, phase, navigatedTo);
  }

  /** After a mount, an event or a patch: a redirect, a navigation, or any flashes and the new render. */
  async #settle(ref: number, joined: Joined, phase: Phase, navigatedTo: URL | null): Promise<void> {
    const { route, socket } = joined;
    const flashes = socket.flashes.splice(0);
    if (socket.redirected) return this.#redirect(ref, socket.redirected.to, flashes, socket.redirected.flash);
    this.#joined = joined;
    for (const { kind, message } of flashes) this.out.send({ t: "flash", kind, message });
    const pushed = socket.navigation;
    socket.navigation = null;
    if (pushed) return this.#go(joined, pushed.kind, ref, pushed.to, "server");
    const html = inPhase(phase, route.view.name, () => route.view.render(socket.assigns).value);
    const title = route.view.title ? this.ctx.pageTitle(route.view.title(socket.assigns)) : undefined;
    if (!navigatedTo) return this.out.send({ t: "rendered", ref, html, title });
    const token = signViewToken(this.ctx.secret, { view: route.view.name, params: joined.params }, this.ctx.clock() + this.ctx.viewTokenTtlMs);
    this.out.send({ t: "navigated", ref, to: navigatedTo.pathname + navigatedTo.search, view: route.view.name, token, html, title });
  }

  #redirect(ref: number, to: string, flashes: LiveSocket["flashes"], flash: Record<string, string | undefined> | null = null) {
    const carried = { ...Object.fromEntries(flashes.map((f) => [f.kind, f.message])), ...flash };
    const token = Object.keys(carried).length > 0 ? signFlash(this.ctx.secret, carried, this.ctx.clock()) : null;
    this.#joined = null;
    this.out.send({ t: "redirect", ref, to, flash: token });
  }

  async #refuse(ref: number | null, code: ErrorCode, message: string, reload = false) {
    this.out.error(ref, code, message, reload);
  }
}
