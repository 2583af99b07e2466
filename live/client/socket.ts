/**
 * The connection to /live/websocket: join, reconnect with backoff, and what
 * each close code means. Server messages go to ./view.ts.
 *
 *   connecting ──rendered (join reply)──► connected ──close──► disconnected
 *        ▲                                                        │
 *        └──────────────── retry after backoff ◄──────────────────┘
 */

import { CLOSE, type ClientMessage, type EventValue, type ServerMessage } from "../protocol";
import { Backoff } from "./backoff";
import { LOADING_CLASS } from "./patch";
import { reloadOnce } from "./reload";
import { parseServerMessage } from "./server-message";
import { LiveView } from "./view";

export type LiveState = "connecting" | "connected" | "disconnected";

const SOCKET_PATH = "/live/websocket";

export class LiveSocket {
  private ws: WebSocket | null = null;
  private nextRef = 1;
  private joinRef: number | null = null;
  private joined = false;
  /** The render handoff is single-use: only the first join of a page load sends it. */
  private unusedHandoff: string | null;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly backoff = new Backoff();
  private readonly loading = new Map<number, Element>();
  private readonly view: LiveView;
  disconnectReason: string | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly csrfToken: string,
  ) {
    this.unusedHandoff = root.dataset.liveHandoff || null;
    this.view = new LiveView(root, {
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
    const url = `${protocol}//${location.host}${SOCKET_PATH}?_csrf=${encodeURIComponent(this.csrfToken)}`;
    const ws = new WebSocket(url);
    ws.onopen = () => ws === this.ws && this.join();
    ws.onmessage = (frame) => ws === this.ws && this.receive(frame.data);
    ws.onclose = (event) => ws === this.ws && this.closed(event);
    this.ws = ws;
  }

  /** Closes the socket on purpose: no reconnect until connect() is called. */
  disconnect(): void {
    this.stop();
    this.ws?.close(1000, "client disconnect");
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

  private join(): void {
    const handoff = this.unusedHandoff;
    this.unusedHandoff = null;
    const token = this.root.dataset.liveToken ?? "";
    this.joinRef = this.send({ t: "join", ref: this.takeRef(), token, handoff, path: location.pathname });
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
    const isJoinReply = "ref" in message && message.ref !== null && message.ref === this.joinRef;
    this.view.handle(message);
    if (isJoinReply) this.joinSettled(message);
  }

  private joinSettled(message: ServerMessage): void {
    if (message.t === "rendered") {
      this.joined = true;
      this.backoff.reset();
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
    this.setState("disconnected");
    if (this.stopped) return;
    switch (event.code) {
      case CLOSE.loggedOut:
      case CLOSE.csrfRefused:
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
