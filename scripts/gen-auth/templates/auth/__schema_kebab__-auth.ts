/**
 * Who is logged in, and the middleware that act on it — the web side of
 * authentication (phx.gen.auth's UserAuth). It reads and writes the session
 * and cookies; the __context_kebab__/ context does everything with the database.
 *
 * What it keeps, and where:
 *   - req.session.__schema__Token: the raw session token (the table keeps only its SHA-256)
 *   - req.session.liveSocketId: "__table___sessions:<login hash>", shared by every live socket of this log-in
 *   - the live_auth_remember_me cookie: the same token, signed, only with "remember me" (remember-me-cookie.ts)
 *   - res.locals.__assign_key__: set on every request by fetchCurrent__Schema__, a __Schema__ or null
 *
 * A token in use for SESSION_REISSUE_AGE_IN_DAYS is replaced as it is used
 * (session and remember-me cookie rewritten); the log-in, its login hash and
 * its end stay the same.
 */
import type { NextFunction, Request, Response } from "express";
import { isLocalPath, putFlash, rotateCsrfToken, type Live } from "#live";
import type { __Context__ } from "../__context_kebab__/__context_kebab__.ts";
import { hashToken } from "../__context_kebab__/__schema_kebab__-token.ts";
import type { __Schema__Session } from "../__context_kebab__/sessions.ts";
import { __schema__Tables, type __Schema__ } from "../__context_kebab__/__schema_kebab__.ts";
import { rememberMeCookie, type RememberMeCookie } from "./remember-me-cookie.ts";
// with --scope
import { assignCurrentScope } from "./__schema_kebab__-scope.ts";
// end --scope

declare module "express-session" {
  interface SessionData {
    __schema__Token: string;
    __schema__ReturnTo: string; // where to go after log-in: the page that asked for it
  }
}

declare global {
  namespace Express {
    interface Locals {
      __assign_key__?: __Schema__ | null;
    }
  }
}

export const LOG_IN_PATH = "/__table_kebab__/log-in";
const SIGNED_IN_PATH = "/";
// Phoenix's live_socket_id: sockets opened with this log-in share it, so ending the log-in can close them all.
const LIVE_SOCKET_ID_PREFIX = "__table___sessions:";

export type __Schema__AuthOptions = { __context__: __Context__; live: Live; secret: string; secure: boolean };
export type __Schema__Auth = ReturnType<typeof create__Schema__Auth>;
export type LogInOptions = { flash: string; rememberMe?: boolean; returnTo?: string };

type Deps = { __context__: __Context__; live: Live; rememberMe: RememberMeCookie };

export function create__Schema__Auth({ __context__, live, secret, secure }: __Schema__AuthOptions) {
  const deps: Deps = { __context__, live, rememberMe: rememberMeCookie(secret, secure) };
  live.userTables.declare(__schema__Tables); // so the query log can tell which statements load a __schema_human__
  return {
    fetchCurrent__Schema__: fetchCurrent__Schema__(deps),
    requireAuthenticated__Schema__,
    redirectIf__Schema__IsAuthenticated,
    logIn__Schema__: (req: Request, res: Response, __schema__: __Schema__, options: LogInOptions) => logIn__Schema__(deps, req, res, __schema__, options),
    logOut__Schema__: (req: Request, res: Response) => logOut__Schema__(deps, req, res),
    /** Closes the live sockets of sessions that just ended (a password change or reset). */
    disconnectSessions: (loginHashes: string[]) => {
      for (const hash of loginHashes) live.disconnectLiveSocketId(LIVE_SOCKET_ID_PREFIX + hash, "session ended");
    },
  };
}

/**
 * Logs the __schema_human__ in. The session gets a new id first: an id that existed
 * before log-in (one an attacker planted in this browser, say) must not become a
 * logged-in session — that is session fixation. The CSRF token is renewed for
 * the same reason: one seen before log-in is worth nothing after it.
 */
async function logIn__Schema__(deps: Deps, req: Request, res: Response, __schema__: __Schema__, options: LogInOptions) {
  const token = deps.__context__.generate__Schema__SessionToken(__schema__);
  const returnTo = options.returnTo ?? req.session.__schema__ReturnTo ?? SIGNED_IN_PATH;
  // with --sudo
  if (endPreviousLogIn(deps, req, res, __schema__)) options = { ...options, rememberMe: true };
  // end --sudo
  await renewSession(req);
  putTokenInSession(req, token, hashToken(token)); // a new log-in is named after its first token
  rotateCsrfToken(req);
  if (options.rememberMe) deps.rememberMe.write(res, token);
  else if (deps.rememberMe.isPresent(req)) deps.rememberMe.clear(res); // it belonged to an earlier log-in
  putFlash(req, "info", options.flash);
  res.redirect(302, returnTo);
}

/**
 * Logs out: the token row goes (so this cookie, and any copy of it, is dead),
 * the session's live sockets close, and the session is replaced by a fresh,
 * anonymous one that carries only the flash.
 */
async function logOut__Schema__(deps: Deps, req: Request, res: Response) {
  const token = req.session.__schema__Token;
  if (token) deps.__context__.delete__Schema__SessionToken(token);
  deps.live.disconnectSession(req.sessionID, "logged out");
  if (req.session.liveSocketId) deps.live.disconnectLiveSocketId(req.session.liveSocketId, "logged out");
  await renewSession(req);
  deps.rememberMe.clear(res);
  putFlash(req, "info", "Logged out successfully.");
  res.redirect(302, "/");
}

// with --sudo
/** Logging in again (for sudo mode) ends the log-in; true if it was this __schema_human__'s, remembered: they stay so (phx.gen.auth 1.8). */
function endPreviousLogIn(deps: Deps, req: Request, res: Response, __schema__: __Schema__): boolean {
  if (req.session.__schema__Token) deps.__context__.delete__Schema__SessionToken(req.session.__schema__Token);
  if (req.session.liveSocketId) deps.live.disconnectLiveSocketId(req.session.liveSocketId, "logged in again");
  return res.locals.__assign_key__?.id === __schema__.id && deps.rememberMe.read(req) === req.session.__schema__Token;
}

// end --sudo
/** Sets res.locals.__assign_key__ from the session, or else from the remember-me cookie. */
function fetchCurrent__Schema__(deps: Deps) {
  return async function fetchCurrent__Schema__(req: Request, res: Response, next: NextFunction) {
    const token = req.session.__schema__Token;
    res.locals.__assign_key__ = token ? resumeSession(deps, req, res, token) : await resumeFromCookie(deps, req, res);
    // with --scope
    assignCurrentScope(res);
    // end --scope
    next();
  };
}

function resumeSession(deps: Deps, req: Request, res: Response, token: string): __Schema__ | null {
  const session = deps.__context__.get__Schema__Session(token);
  if (session?.reissueDue) reissueSessionToken(deps, req, res, token, session);
  // with --sudo
  res.locals.current__Schema__AuthenticatedAt = session?.authenticatedAt ?? null;
  // end --sudo
  return session?.__schema__ ?? null;
}

// The browser was closed (or the session expired) but the __schema_human__ asked to be remembered.
async function resumeFromCookie(deps: Deps, req: Request, res: Response): Promise<__Schema__ | null> {
  const token = deps.rememberMe.read(req);
  if (token === null) return null;
  const session = deps.__context__.get__Schema__Session(token);
  if (!session) {
    deps.rememberMe.clear(res); // expired, or logged out elsewhere: stop sending it
    return null;
  }
  await renewSession(req); // a new session, so a new session id, as in logIn__Schema__
  putTokenInSession(req, token, session.loginHash);
  if (session.reissueDue) reissueSessionToken(deps, req, res, token, session);
  // with --sudo
  res.locals.current__Schema__AuthenticatedAt = session.authenticatedAt;
  // end --sudo
  return session.__schema__;
}

/**
 * A week-old token is swapped for a new one, and the old row deleted: a copy
 * taken earlier (a cookie lifted from a backup or a shared machine) stops
 * working the next time the owner uses the site. The session id stays, so the
 * CSRF token of other tabs and the live sockets keep working; the login hash
 * stays, so a log-out or a password change still closes those sockets.
 */
function reissueSessionToken(deps: Deps, req: Request, res: Response, token: string, session: __Schema__Session) {
  const newToken = deps.__context__.reissue__Schema__SessionToken(token);
  if (newToken === null) return; // another request of this session got there first
  putTokenInSession(req, newToken, session.loginHash);
  if (deps.rememberMe.read(req) === token) deps.rememberMe.write(res, newToken); // remembered, so still remembered
}

export function requireAuthenticated__Schema__(req: Request, res: Response, next: NextFunction) {
  if (res.locals.__assign_key__) return next();
  // Only a path on this site is kept ("//evil.example", "/\evil", "/\t/evil" are other hosts to a browser):
  // the runtime's isLocalPath, the one rule live redirects obey too, so log-in is never an open redirect.
  if (req.method === "GET" && isLocalPath(req.originalUrl)) req.session.__schema__ReturnTo = req.originalUrl;
  putFlash(req, "error", "You must log in to access this page.");
  res.redirect(302, LOG_IN_PATH);
}

/** The logged-in __schema_human__, on a route behind requireAuthenticated__Schema__. */
export function current__Schema__(res: Response): __Schema__ {
  const __schema__ = res.locals.__assign_key__;
  if (!__schema__) throw new Error("current__Schema__() on a route that requireAuthenticated__Schema__ does not guard");
  return __schema__;
}

export function redirectIf__Schema__IsAuthenticated(_req: Request, res: Response, next: NextFunction) {
  if (res.locals.__assign_key__) return res.redirect(302, SIGNED_IN_PATH);
  next();
}

function putTokenInSession(req: Request, token: string, loginHash: string) {
  req.session.__schema__Token = token;
  req.session.liveSocketId = LIVE_SOCKET_ID_PREFIX + loginHash;
}

/** A new session id and empty data; the old session row is deleted from the store. */
function renewSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
}
