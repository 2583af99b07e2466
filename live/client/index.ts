/**
 * The live client's entry point. On a page with a live root it opens the
 * socket, joins the view and binds the `live-*` attributes. Nothing is
 * global except `window.liveSocket`, for debugging and browser tests.
 */

import { bindEvents } from "./bindings";
import { LiveConnection, type LiveState } from "./connection";
import { bindLiveLinks } from "./navigation";

export interface LiveSocketHandle {
  readonly state: LiveState;
  /** The `reason` of the last `disconnect` message from the server, if any. */
  readonly disconnectReason: string | null;
  disconnect(): void;
  connect(): void;
}

declare global {
  interface Window {
    liveSocket?: LiveSocketHandle;
  }
}

function boot(): void {
  const root = document.querySelector<HTMLElement>("[data-live-root]");
  if (!root) return;
  const socket = new LiveConnection(root, readCsrfToken());
  bindEvents(root, (event, value, loading) => socket.pushEvent(event, value, loading));
  bindLiveLinks((kind, to, history) => socket.navigate(kind, to, history));
  // A navigation has begun (a log-out form, say): the socket's close must not reload over it.
  window.addEventListener("beforeunload", () => socket.leavingPage());
  // Close cleanly when the page is left; reconnect if it comes back from the back/forward cache.
  window.addEventListener("pagehide", () => socket.disconnect());
  window.addEventListener("pageshow", (event) => event.persisted && socket.connect());
  window.liveSocket = {
    get state() {
      return socket.state;
    },
    get disconnectReason() {
      return socket.disconnectReason;
    },
    disconnect: () => socket.disconnect(),
    connect: () => socket.connect(),
  };
  socket.connect();
}

function readCsrfToken(): string {
  const token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content;
  if (!token) console.warn('[live] no <meta name="csrf-token">; the socket will be refused');
  return token ?? "";
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", boot, { once: true });
} else {
  boot();
}
