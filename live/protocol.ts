/**
 * The wire protocol between the browser client and the live socket.
 * Every frame is one JSON object with a `t` (type) field.
 *
 *   browser                                   server
 *   ── HTTP GET /page ─────────────────────►   dead mount, render
 *   ◄── HTML: data-live-token, data-live-handoff, <meta name="csrf-token">
 *   ── WS upgrade /live/websocket?_csrf=… ──►  Origin check (403), session from cookie,
 *                                              CSRF check (close 4403 on failure)
 *   ── {t:"join", ref, token, handoff, path} ►  verify view token, connected mount
 *   ◄── {t:"rendered", ref, html}               (or error / redirect)
 *   ── {t:"event", ref, event, value} ──────►  handleEvent[event], re-render
 *   ◄── {t:"rendered", ref, html} | {t:"redirect"} | {t:"flash"} | {t:"error"}
 *   ── {t:"navigate", ref, to} ─────────────►  live navigation: mount the view at `to` on this
 *                                              socket (same live session only), no HTTP request
 *   ── {t:"patch", ref, to} ────────────────►  same view, new params: handleParams, no remount
 *   ◄── {t:"navigated", ref, to, token, html}   the client updates history and its view token
 *   ◄── {t:"error", code:"navigate_refused"}    another live session or not live: load the page
 *   ◄── {t:"disconnect", reason} then close    (log-out, server shutdown)
 *
 * Malformed frames never crash anything: parseClientMessage returns a typed
 * error, the socket replies {t:"error"} and logs it. Binary frames and
 * oversize frames are closed by the socket layer (1003, 1009).
 */

/** Where the socket lives; the client and the server both import it. */
export const LIVE_SOCKET_PATH = "/live/websocket";
/** The cookie a live redirect's flash rides in to the next page (see flash.ts on both sides). */
export const LIVE_FLASH_COOKIE = "live_flash";

export type EventValue = Record<string, string>;

export type ClientMessage =
  | { t: "join"; ref: number; token: string; handoff: string | null; path: string }
  | { t: "event"; ref: number; event: string; value: EventValue }
  | { t: "navigate" | "patch"; ref: number; to: string };

export type FlashKind = "info" | "error";
export type Flash = Partial<Record<FlashKind, string>>;

export type ErrorCode =
  | "bad_json" // not JSON at all
  | "bad_frame" // JSON, but not an object of the right shape
  | "unknown_type" // `t` names no message type
  | "not_joined" // an event before a successful join
  | "already_joined"
  | "unknown_event" // the view has no handler for this event
  | "rate_limited"
  | "token_invalid" // forged or malformed view token: the page must reload
  | "token_expired" // stale page: the page must reload
  | "token_mismatch" // a token for another view or path
  | "navigate_refused" // the target is in another live session, or not live: the client loads it over HTTP
  | "bad_target" // the target is not a local path, or not the same view (patch)
  | "server_error";

export type ServerMessage =
  | { t: "rendered"; ref: number; html: string; title?: string }
  | { t: "navigated"; ref: number; to: string; view: string; token: string; html: string; title?: string }
  | { t: "redirect"; ref: number | null; to: string; flash: string | null }
  | { t: "flash"; kind: FlashKind; message: string }
  | { t: "error"; ref: number | null; code: ErrorCode; message: string; reload?: boolean }
  | { t: "disconnect"; reason: string };

/** Close codes the client understands (4000–4999 are for applications). */
export const CLOSE = {
  binaryFrame: 1003,
  policy: 1008,
  tooBig: 1009,
  csrfRefused: 4403,
  loggedOut: 4401,
  tooManySockets: 4429,
  joinTimeout: 4408, // opened but never joined: the client may reconnect
} as const;

export type ParseResult = { ok: true; message: ClientMessage } | { ok: false; ref: number | null; code: ErrorCode; message: string };

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const MAX_VALUE_KEYS = 200;
const MAX_TARGET_LENGTH = 2048; // a URL longer than this is not a link anyone clicked

export function parseClientMessage(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text, rejectForbiddenKeys);
  } catch (error) {
    if (error instanceof ForbiddenKeyError) return fail(null, "bad_frame", error.message);
    return fail(null, "bad_json", "frame is not valid JSON");
  }
  if (!isPlainObject(data)) return fail(null, "bad_frame", "frame must be a JSON object");
  const ref = typeof data.ref === "number" && Number.isSafeInteger(data.ref) ? data.ref : null;
  if (ref === null) return fail(null, "bad_frame", "frame needs an integer `ref`");
  switch (data.t) {
    case "join":
      return parseJoin(data, ref);
    case "event":
      return parseEvent(data, ref);
    case "navigate":
    case "patch":
      return parseNavigation(data.t, data, ref);
    default:
      return fail(ref, "unknown_type", `unknown message type ${JSON.stringify(String(data.t))}`);
  }
}

function parseJoin(data: Record<string, unknown>, ref: number): ParseResult {
  const { token, handoff, path } = data;
  if (typeof token !== "string" || typeof path !== "string" || !path.startsWith("/")) {
    return fail(ref, "bad_frame", "join needs a string `token` and an absolute `path`");
  }
  if (handoff !== null && handoff !== undefined && typeof handoff !== "string") {
    return fail(ref, "bad_frame", "join `handoff` must be a string or null");
  }
  return { ok: true, message: { t: "join", ref, token, handoff: handoff ?? null, path } };
}

function parseEvent(data: Record<string, unknown>, ref: number): ParseResult {
  const { event, value } = data;
  if (typeof event !== "string" || event.length === 0) {
    return fail(ref, "bad_frame", "event needs a string `event`");
  }
  if (!isPlainObject(value) || Object.keys(value).length > MAX_VALUE_KEYS) {
    return fail(ref, "bad_frame", "event `value` must be an object of strings");
  }
  const strings: EventValue = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== "string") return fail(ref, "bad_frame", `event value ${JSON.stringify(key)} must be a string`);
    strings[key] = item;
  }
  return { ok: true, message: { t: "event", ref, event, value: strings } };
}

function parseNavigation(t: "navigate" | "patch", data: Record<string, unknown>, ref: number): ParseResult {
  const { to } = data;
  if (typeof to !== "string" || !to.startsWith("/") || to.length > MAX_TARGET_LENGTH) {
    return fail(ref, "bad_frame", `${t} needs a \`to\` path of at most ${MAX_TARGET_LENGTH} characters`);
  }
  return { ok: true, message: { t, ref, to } };
}

class ForbiddenKeyError extends Error {}

function rejectForbiddenKeys(key: string, value: unknown) {
  if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(`forbidden key ${JSON.stringify(key)}`);
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(ref: number | null, code: ErrorCode, message: string): ParseResult {
  return { ok: false, ref, code, message };
}
