/**
 * Live views and the socket they mount on. A view is mounted twice per page
 * load — once to render HTML over HTTP (the "dead" mount, `connected` false)
 * and once over the websocket (`connected` true) — and then handles events.
 *
 * `assign` sets values; `assignNew` sets a value only if nobody has yet, and
 * looks for it before calling its loader:
 *   dead mount       → the request's `res.locals` (what the HTTP pipeline loaded)
 *   connected mount  → the render handoff left by this page's dead render
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
  handleEvent?: Record<string, EventHandler<S>>;
  render(assigns: S): SafeHtml;
};

// The definition helper only exists to infer S from `render`'s argument.
export function defineLiveView<S extends object>(view: LiveView<S>): LiveView<S> {
  return view;
}

export type Redirect = { to: string; flash: Flash | null };

/** Where `assignNew` may find a value before it calls the loader. */
export type AssignSource = { kind: "locals"; values: Record<string, unknown> } | { kind: "handoff"; values: Map<string, unknown> | null };

export class LiveSocket<S = Record<string, unknown>> {
  assigns: Partial<S> = {};
  redirected: Redirect | null = null;
  readonly flashes: { kind: FlashKind; message: string }[] = [];
  /** Values `assignNew` set on the dead mount: what the handoff will carry. */
  readonly newValues = new Map<string, unknown>();

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
  return assign(socket, key, value);
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

/** "/x" is local; "//evil.example", "/\\evil.example" and "/\t/evil.example" are not (browsers read them as other hosts). */
function isLocalPath(to: string): boolean {
  const base = "http://local.invalid";
  try {
    return to.startsWith("/") && new URL(to, base).origin === base && !/[\\\u0000-\u001f]/.test(to);
  } catch {
    return false;
  }
}

export type MountResult = { halt: false } | { halt: true };

/** An `onMount` hook runs before the view's mount, on both mounts. */
export type OnMount = (params: Params, session: Session, socket: LiveSocket<any>) => MountResult | Promise<MountResult>;

export const cont = (): MountResult => ({ halt: false });

export function halt<S>(socket: LiveSocket<S>, to: string, flash: Flash | null = null): MountResult {
  redirect(socket, to, flash);
  return { halt: true };
}
