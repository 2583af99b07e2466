/**
 * Live views and the socket they mount on. A view is mounted twice per page
 * load — once to render HTML over HTTP (the "dead" mount, `connected` false)
 * and once over the websocket (`connected` true) — and then handles events.
 *
 * `assign` sets values; `assignNew` sets a value only if nobody has yet, and
 * looks for it before calling its loader:
 *   dead mount       → the request's `res.locals` (what the HTTP pipeline loaded)
 *   connected mount  → the render handoff left by this page's dead render
 *   live navigation  → what the live session's hooks set on the view being left
 * A miss anywhere runs the loader: one query, never someone else's value.
 */
import type { SessionData } from "express-session";
import type { SafeHtml } from "./html.ts";
import type { EventValue, Flash, FlashKind } from "./protocol.ts";

export type Params = Record<string, string>;
export type Session = Readonly<Partial<SessionData>>;

export type EventHandler<S> = (socket: LiveSocket<S>, value: EventValue) => void | Promise<void>;

export type LiveView<S extends object> = {
  name: string;
  title?: (assigns: S) => string;
  mount(params: Params, session: Session, socket: LiveSocket<S>): void | Promise<void>;
  /** After mount, and on every live patch to this view: the route params and the URL's query. */
  handleParams?(params: Params, url: URL, socket: LiveSocket<S>): void | Promise<void>;
  handleEvent?: Record<string, EventHandler<S>>;
  render(assigns: S): SafeHtml;
};

// The definition helper only exists to infer S from `render`'s argument.
export function defineLiveView<S extends object>(view: LiveView<S>): LiveView<S> {
  return view;
}

/**
 * A view of some state the runtime does not know: routes hold views of many
 * state types. Every LiveView<S> is one (`never` is assignable to each S).
 */
export type SomeLiveView = LiveView<never>;
/** The socket of a view the runtime does not know (see SomeLiveView). */
export type SomeLiveSocket = LiveSocket<never>;

export type Redirect = { to: string; flash: Flash | null };
export type Navigation = { kind: "navigate" | "patch"; to: string };

/** Where `assignNew` may find a value before it calls the loader. */
export type AssignSource = { kind: "locals"; values: Record<string, unknown> } | { kind: "handoff" | "carried"; values: Map<string, unknown> | null };

export class LiveSocket<S = Record<string, unknown>> {
  assigns: Partial<S> = {};
  redirected: Redirect | null = null;
  /** Set by pushNavigate / pushPatch in an event handler. */
  navigation: Navigation | null = null;
  readonly flashes: { kind: FlashKind; message: string }[] = [];
  /** Values `assignNew` set on the dead mount: what the handoff will carry. */
  readonly newValues = new Map<string, unknown>();
  /** Keys the live session's onMount hooks set with `assignNew`: what a live navigation carries. */
  readonly hookKeys = new Set<string>();
  /** True while the onMount hooks run (lifecycle.ts). */
  runningHooks = false;

  constructor(
    readonly view: string,
    readonly connected: boolean,
    readonly source: AssignSource,
  ) {}
}

export function assign<S, K extends keyof S>(socket: LiveSocket<S>, key: K, value: S[K]): LiveSocket<S>;
export function assign<S>(socket: LiveSocket<S>, values: Partial<S>): LiveSocket<S>;
export function assign<S>(socket: LiveSocket<S>, keyOrValues: keyof S | Partial<S>, value?: unknown) {
  if (typeof keyOrValues === "object") Object.assign(socket.assigns as object, keyOrValues);
  else (socket.assigns as Record<keyof S, unknown>)[keyOrValues] = value;
  return socket;
}

export function assignNew<S, K extends keyof S & string>(socket: LiveSocket<S>, key: K, loader: () => S[K]) {
  if (key in (socket.assigns as object)) return socket;
  const found = lookUp(socket.source, key);
  const value = found.hit ? (found.value as S[K]) : loader();
  if (!socket.connected) socket.newValues.set(key, value);
  if (socket.runningHooks) socket.hookKeys.add(key);
  return assign(socket, key, value);
}

/** What a live navigation hands the next view: the current values of the keys the hooks set. */
export function carriedValues<S>(socket: LiveSocket<S>): Map<string, unknown> {
  const assigns = socket.assigns as Record<string, unknown>;
  return new Map([...socket.hookKeys].filter((key) => key in assigns).map((key) => [key, assigns[key]]));
}

function lookUp(source: AssignSource, key: string): { hit: boolean; value?: unknown } {
  if (source.kind === "locals") {
    return Object.hasOwn(source.values, key) ? { hit: true, value: source.values[key] } : { hit: false };
  }
  return source.values?.has(key) ? { hit: true, value: source.values.get(key) } : { hit: false };
}

/** Use `putFlash` from flash.ts: it takes a request or a socket. */
export function pushSocketFlash<S>(socket: LiveSocket<S>, kind: FlashKind, message: string) {
  socket.flashes.push({ kind, message });
  return socket;
}

/** A full-page redirect; on the dead mount an HTTP 302, on the socket a `redirect` message. */
export function redirect<S>(socket: LiveSocket<S>, to: string, flash: Flash | null = null) {
  if (!isLocalPath(to)) throw new Error(`redirect target must be a local path: ${JSON.stringify(to)}`);
  socket.redirected = { to, flash };
  return socket;
}

/**
 * Moves the browser to another live view of the same live session over this
 * socket (no HTTP request); a target elsewhere gets a full page load instead.
 */
export function pushNavigate<S>(socket: LiveSocket<S>, to: string) {
  if (!isLocalPath(to)) throw new Error(`navigation target must be a local path: ${JSON.stringify(to)}`);
  socket.navigation = { kind: "navigate", to };
  return socket;
}

/** Changes the URL of this view (new params): handleParams runs, the view is not mounted again. */
export function pushPatch<S>(socket: LiveSocket<S>, to: string) {
  if (!isLocalPath(to)) throw new Error(`patch target must be a local path: ${JSON.stringify(to)}`);
  socket.navigation = { kind: "patch", to };
  return socket;
}

/** "/x" is local; "//evil.example", "/\\evil.example" and "/\t/evil.example" are not (browsers read them as other hosts). */
export function isLocalPath(to: string): boolean {
  const base = "http://local.invalid";
  try {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
    return to.startsWith("/") && new URL(to, base).origin === base && !/[\\\u0000-\u001f]/.test(to);
  } catch {
    return false;
  }
}

export type MountResult = { halt: false } | { halt: true };

/** An `onMount` hook runs before the view's mount, on both mounts. */
export type OnMount = (params: Params, session: Session, socket: LiveSocket<Record<string, unknown>>) => MountResult | Promise<MountResult>;

export const cont = (): MountResult => ({ halt: false });

export function halt<S>(socket: LiveSocket<S>, to: string, flash: Flash | null = null): MountResult {
  redirect(socket, to, flash);
  return { halt: true };
}
