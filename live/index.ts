/**
 * The live runtime: a small LiveView for express + ws. Apps import it as `#live`.
 * README.md beside this file is the reading guide: the order, what each file
 * holds, and the lifecycle in one picture.
 */
export { createLive, type Live, type LiveOptions, type LiveTuning, type RouteFn } from "./live.ts";
export type { Layout, LayoutPage } from "./dead-render.ts";
export { html, raw, escapeHtml, type SafeHtml } from "./html.ts";
export {
  defineLiveView,
  assign,
  assignNew,
  redirect,
  pushNavigate,
  pushPatch,
  isLocalPath,
  cont,
  halt,
  LiveSocket,
  type LiveView,
  type OnMount,
  type Params,
  type Session,
} from "./view.ts";
export { putFlash, takeFlash } from "./flash.ts";
export { readCookie } from "./cookies.ts";
export { csrfToken, rotateCsrfToken, verifyCsrfToken } from "./csrf.ts";
export { QueryLog, inPhase, httpPhase, currentQueryContext, UserTables, type Phase, type QueryEvent } from "./query-log.ts";
export { printQueryLog, queryLogFormat, formatPretty, formatJson, type IsUserQuery } from "./query-log-print.ts";
export { hostCheck, allowedOrigins, type HostPolicy } from "./host-check.ts";
export { SqliteSessionStore } from "./session-store.ts";
export { HandoffStore, type RenderHandoffStore, type HandoffBinding, type HandoffOptions } from "./handoff.ts";
export { MemoryBus, type LiveBus, type BusListener, type DisconnectMessage } from "./bus.ts";
export type { SocketLimits } from "./socket-server.ts";
export { LIVE_FLASH_COOKIE, LIVE_SOCKET_PATH } from "./protocol.ts";
export type { Flash, FlashKind, ClientMessage, ServerMessage } from "./protocol.ts";
