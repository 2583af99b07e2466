/**
 * The connection to /live/websocket: join, reconnect with backoff, live
 * navigation, and what each close code means. Server messages go to ./page-updater.ts.
 *
 *   connecting ──rendered (join reply)──► connected ──close──► disconnected
 *        ▲                                                        │
 *        └──────────────── retry after backoff ◄──────────────────┘
 */

import { CLOSE, LIVE_SOCKET_PATH, type ClientMessage, type EventValue, type ServerMessage } from "../protocol";
import { Backoff } from "./backoff";
import { hideConnectionBanner, showConnectionBanner } from "./banner";
import { followNavigation, type NavigationKind } from "./navigation";
import { LOADING_CLASS } from "./patch";
import { PageUpdater } from "./page-updater";
import { reloadOnce } from "./reload";
import { parseServerMessage } from "./server-message";

export type LiveState = "connecting" | "connected" | "disconnected";

type PendingNavigation = { kind: NavigationKind; to: string; history: "push" | "none" };

// A log-out form submitted in this tab closes this tab's socket too, while the
// POST is still on its way: the tab must follow the POST's redirect, not reload.
// If the page is somehow still here after this long, the navigation was cancelled: reload then.
const LEAVING_RELOAD_AFTER_MS = 3_000;
// Every tab of a browser shares one session, and so one flash. When a log-out in one tab closes
// the others, they reload a moment later, so the tab that logged out shows "Logged out
// successfully." first instead of another tab's reload taking it (as Phoenix, with a jitter).
const REVOKED_RELOAD_DELAY_MS = [400, 900] as const;

export class LiveConnection {
  private ws: WebSocket | null = null;
  private opened = false; // the current socket got past its upgrade
  private nextRef = 1;
  private joinRef: number | null = null;
  private joined = false;
  /** The render handoff is single-use: only the first join of a page load sends it. */
  private unusedHandoff: string | null;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private leaving = false; // the browser is navigating this tab away (a form POST, a link)
  private readonly backoff = new Backoff();
  private readonly loading = new Map<number, Element>();
  private readonly navigations = new Map<number, PendingNavigation>();
  private readonly page: PageUpdater;
  disconnectReason: string | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly csrfToken: string,
  ) {
    this.unusedHandoff = root.dataset.liveHandoff || null;
    this.page = new PageUpdater(root, {
      stop: () => this.stop(),
      reload: () => this.reload(),
    });
  }

  get state(): LiveState {
    return (this.root.dataset.liveState as LiveState | undefined) ?? "connecting";
  }

  connect(): void {
    this.stopped = false;
    this.clearRetry();
    if (this.ws) return;
    this.setState("connecting");
    const protocol = location.protocol === "https:" ? "wss:" : "ws:";
    const query = new URLSearchParams({ _csrf: this.csrfToken });
    // The first connect names the page's handoff: the server can take the session the page was rendered with.
    if (this.unusedHandoff) query.set("handoff", this.unusedHandoff);
    const url = `${protocol}//${location.host}${LIVE_SOCKET_PATH}?${query}`;
    const ws = new WebSocket(url);
    this.opened = false;
    ws.onopen = () => {
      if (ws !== this.ws) return;
      this.opened = true;
      this.join();
    };
    ws.onmessage = (frame) => ws === this.ws && this.receive(frame.data);
    ws.onclose = (event) => ws === this.ws && this.closed(event);
    this.ws = ws;
  }

  /** Closes the socket on purpose: no reconnect until connect() is called. */
  disconnect(): void {
    this.stop();
    this.ws?.close(1000, "client disconnect");
  }

  /** The browser started leaving the page (beforeunload): a server close must not reload it. */
  leavingPage(): void {
    this.leaving = true;
  }

  pushEvent(event: string, value: EventValue, loadingElement: Element | null): void {
    if (!this.joined || !event) {
      console.warn(`[live] event ${JSON.stringify(event)} dropped: ${event ? "not connected" : "no event name"}`);
      return;
    }
    const ref = this.send({ t: "event", ref: this.takeRef(), event, value });
    if (loadingElement) {
      loadingElement.classList.add(LOADING_CLASS);
      this.loading.set(ref, loadingElement);
    }
  }

  /** A live link or back/forward: false when there is no joined socket to take it (load the page instead). */
  navigate(kind: NavigationKind, to: string, history: "push" | "none"): boolean {
    if (!this.joined) return false;
    const ref = this.send({ t: kind, ref: this.takeRef(), to });
    this.navigations.set(ref, { kind, to, history });
    return true;
  }

  private join(): void {
    const handoff = this.unusedHandoff;
    this.unusedHandoff = null;
    const token = this.root.dataset.liveToken ?? "";
    const path = location.pathname + location.search;
    this.joinRef = this.send({ t: "join", ref: this.takeRef(), token, handoff, path });
  }

  private receive(data: unknown): void {
    const message = parseServerMessage(data);
    if (!message) return;
    if ("ref" in message && message.ref !== null) this.settle(message.ref);
    if (message.t === "disconnect") {
      this.disconnectReason = message.reason;
      console.info(`[live] server disconnects: ${message.reason}`);
      return;
    }
    const ref = "ref" in message ? message.ref : null;
    const navigation = ref === null ? undefined : this.navigations.get(ref);
    if (navigation) {
      this.navigations.delete(ref!);
      if (this.navigationSettled(navigation, message)) return;
    }
    this.page.handle(message);
    if (ref !== null && ref === this.joinRef) this.joinSettled(message);
  }

  /** True when the reply is fully handled here (a refused target is loaded over HTTP). */
  private navigationSettled({ kind, to, history }: PendingNavigation, message: ServerMessage): boolean {
    if (message.t === "navigated") {
      followNavigation(this.root, message.to, message.view, message.token, history, kind);
      return false; // the page updater renders it
    }
    if (message.t === "error" && (message.code === "navigate_refused" || message.code === "bad_target")) {
      this.stop();
      if (history === "none") location.reload();
      else location.assign(to);
      return true;
    }
    return false;
  }

  private joinSettled(message: ServerMessage): void {
    if (message.t === "rendered") {
      this.joined = true;
      this.backoff.reset();
      hideConnectionBanner();
      this.setState("connected");
    } else if (message.t === "error" && !message.reload) {
      // The join failed for a reason a retry may fix (rate limit, server error).
      this.ws?.close(1000, "join failed");
    }
  }

  private closed(event: CloseEvent): void {
    this.ws = null;
    this.joined = false;
    this.joinRef = null;
    for (const ref of [...this.loading.keys()]) this.settle(ref);
    this.navigations.clear();
    this.setState("disconnected");
    if (this.stopped) return;
    if (!this.opened) showConnectionBanner(this.root); // refused or unreachable: say so, keep retrying
    switch (event.code) {
      case CLOSE.loggedOut:
        if (this.leaving) return this.reloadIfStillHere();
        return this.reloadSoon();
      case CLOSE.csrfRefused:
        if (this.leaving) return this.reloadIfStillHere();
        this.reload();
        return;
      case CLOSE.policy:
      case CLOSE.tooManySockets:
      case CLOSE.tooBig:
      case CLOSE.binaryFrame:
        console.warn(`[live] socket closed (${event.code} ${event.reason}); not reconnecting`);
        this.stop();
        return;
      default:
        this.scheduleRetry();
    }
  }

  private reload(): void {
    this.stop();
    if (!reloadOnce()) {
      console.warn("[live] the page was reloaded moments ago; staying disconnected");
      this.ws?.close(1000, "reload refused");
      this.setState("disconnected");
    }
  }

  /** Revoked while the page stays: reload after a short, jittered pause (see REVOKED_RELOAD_DELAY_MS). */
  private reloadSoon(): void {
    this.stop();
    const [min, max] = REVOKED_RELOAD_DELAY_MS;
    setTimeout(() => this.reload(), min + Math.random() * (max - min));
  }

  /** Closed while the page is being left: let the navigation win, reload only if it never happens. */
  private reloadIfStillHere(): void {
    this.stop();
    setTimeout(() => this.reload(), LEAVING_RELOAD_AFTER_MS);
  }

  private stop(): void {
    this.stopped = true;
    this.clearRetry();
  }

  private scheduleRetry(): void {
    const delayMs = this.backoff.nextDelayMs();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delayMs);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** A reply arrived (or the socket closed): the element is no longer loading. */
  private settle(ref: number): void {
    const element = this.loading.get(ref);
    if (!element) return;
    this.loading.delete(ref);
    const stillWaiting = [...this.loading.values()].includes(element);
    if (!stillWaiting) element.classList.remove(LOADING_CLASS);
  }

  private send(message: ClientMessage): number {
    this.ws?.send(JSON.stringify(message));
    return message.ref;
  }

  private takeRef(): number {
    return this.nextRef++;
  }

  private setState(state: LiveState): void {
    this.root.dataset.liveState = state;
  }
}
