/**
 * Who is logged in, and the middleware that act on it — the web side of
 * authentication (phx.gen.auth's UserAuth). It reads and writes the session
 * and cookies; the accounts/ context does everything with the database.
 *
 * What it keeps, and where:
 *   - req.session.userToken: the raw session token (the table keeps only its SHA-256)
 *   - req.session.liveSocketId: "users_sessions:<login hash>", shared by every live socket of this log-in
 *   - the live_auth_remember_me cookie: the same token, signed, only with "remember me" (remember-me-cookie.ts)
 *   - res.locals.currentUser: set on every request by fetchCurrentUser, a User or null
 *
 * Ending a log-in ends its live sockets too: a socket checked the session once,
 * on its upgrade, and would go on serving a logged-out page until it is closed.
 * A token in use for SESSION_REISSUE_AGE_IN_DAYS is replaced as it is used
 * (session and remember-me cookie rewritten); the log-in, its login hash and
 * its end stay the same.
 */
import type { NextFunction, Request, Response } from "express";
import { isLocalPath, putFlash, rotateCsrfToken, type Live } from "#live";
import type { Accounts } from "../accounts/accounts.ts";
import { hashToken } from "../accounts/user-token.ts";
import type { UserSession } from "../accounts/sessions.ts";
import { userTables, type User } from "../accounts/user.ts";
import { rememberMeCookie, type RememberMeCookie } from "./remember-me-cookie.ts";

declare module "express-session" {
  interface SessionData {
    userToken: string;
    userReturnTo: string; // where to go after log-in: the page that asked for it
  }
}

declare global {
  namespace Express {
    interface Locals {
      currentUser?: User | null;
    }
  }
}

export const LOG_IN_PATH = "/users/log-in";
const SIGNED_IN_PATH = "/";
// Phoenix's live_socket_id: sockets opened with this log-in share it, so ending the log-in can close them all.
const LIVE_SOCKET_ID_PREFIX = "users_sessions:";

export type UserAuthOptions = { accounts: Accounts; live: Live; secret: string; secure: boolean };
export type UserAuth = ReturnType<typeof createUserAuth>;
export type LogInOptions = { flash: string; rememberMe?: boolean; returnTo?: string };

type Deps = { accounts: Accounts; live: Live; rememberMe: RememberMeCookie };

export function createUserAuth({ accounts, live, secret, secure }: UserAuthOptions) {
  const deps: Deps = { accounts, live, rememberMe: rememberMeCookie(secret, secure) };
  live.userTables.declare(userTables); // so the query log can tell which statements load a user
  return {
    fetchCurrentUser: fetchCurrentUser(deps),
    requireAuthenticatedUser,
    redirectIfUserIsAuthenticated,
    logInUser: (req: Request, res: Response, user: User, options: LogInOptions) => logInUser(deps, req, res, user, options),
    logOutUser: (req: Request, res: Response) => logOutUser(deps, req, res),
    logOutOtherSessions: (req: Request, res: Response) => logOutOtherSessions(deps, req, res),
    /** Closes the live sockets of sessions that just ended (a password change or reset). */
    disconnectSessions: (loginHashes: string[]) => disconnectSessions(deps, loginHashes),
  };
}

/**
 * Logs the user in. The session gets a new id first: an id that existed
 * before log-in (one an attacker planted in this browser, say) must not become a
 * logged-in session — that is session fixation. The CSRF token is renewed for
 * the same reason: one seen before log-in is worth nothing after it.
 */
async function logInUser(deps: Deps, req: Request, res: Response, user: User, options: LogInOptions) {
  const token = deps.accounts.generateUserSessionToken(user);
  const returnTo = options.returnTo ?? req.session.userReturnTo ?? SIGNED_IN_PATH;
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
 * the live sockets of this log-in close, and the session is replaced by a
 * fresh, anonymous one that carries only the flash. Two keys find the
 * sockets: this session's id, and the log-in's liveSocketId, which other
 * sessions share when the remember-me cookie resumed the same token there.
 * Each closed page reloads and meets the log-in page; this tab follows the redirect.
 */
async function logOutUser(deps: Deps, req: Request, res: Response) {
  const token = req.session.userToken;
  if (token) deps.accounts.deleteUserSessionToken(token);
  deps.live.disconnectSession(req.sessionID, "logged out");
  if (req.session.liveSocketId) deps.live.disconnectLiveSocketId(req.session.liveSocketId, "logged out");
  await renewSession(req);
  deps.rememberMe.clear(res);
  putFlash(req, "info", "Logged out successfully.");
  res.redirect(302, "/");
}

/**
 * "Log out other devices": every other log-in of this user ends — its token
 * row and its sockets — and this one goes on untouched. Returns how many ended.
 */
function logOutOtherSessions(deps: Deps, req: Request, res: Response): number {
  const token = req.session.userToken;
  if (!token) return 0;
  const endedHashes = deps.accounts.deleteOtherUserSessionTokens(currentUser(res), token);
  disconnectSessions(deps, endedHashes);
  return endedHashes.length;
}

// A token's hash names its log-in's sockets (putTokenInSession), so deleted tokens find their sockets.
function disconnectSessions(deps: Deps, loginHashes: string[]) {
  for (const hash of loginHashes) deps.live.disconnectLiveSocketId(LIVE_SOCKET_ID_PREFIX + hash, "session ended");
}

/** Sets res.locals.currentUser from the session, or else from the remember-me cookie. */
function fetchCurrentUser(deps: Deps) {
  return async function fetchCurrentUser(req: Request, res: Response, next: NextFunction) {
    const token = req.session.userToken;
    res.locals.currentUser = token ? resumeSession(deps, req, res, token) : await resumeFromCookie(deps, req, res);
    next();
  };
}

function resumeSession(deps: Deps, req: Request, res: Response, token: string): User | null {
  const session = deps.accounts.getUserSession(token);
  if (session?.reissueDue) reissueSessionToken(deps, req, res, token, session);
  return session?.user ?? null;
}

// The browser was closed (or the session expired) but the user asked to be remembered.
async function resumeFromCookie(deps: Deps, req: Request, res: Response): Promise<User | null> {
  const token = deps.rememberMe.read(req);
  if (token === null) return null;
  const session = deps.accounts.getUserSession(token);
  if (!session) {
    deps.rememberMe.clear(res); // expired, or logged out elsewhere: stop sending it
    return null;
  }
  await renewSession(req); // a new session, so a new session id, as in logInUser
  putTokenInSession(req, token, session.loginHash);
  if (session.reissueDue) reissueSessionToken(deps, req, res, token, session);
  return session.user;
}

/**
 * A week-old token is swapped for a new one, and the old row deleted: a copy
 * taken earlier (a cookie lifted from a backup or a shared machine) stops
 * working the next time the owner uses the site. The session id stays, so the
 * CSRF token of other tabs and the live sockets keep working; the login hash
 * stays, so a log-out or a password change still closes those sockets.
 */
function reissueSessionToken(deps: Deps, req: Request, res: Response, token: string, session: UserSession) {
  const newToken = deps.accounts.reissueUserSessionToken(token);
  if (newToken === null) return; // another request of this session got there first
  putTokenInSession(req, newToken, session.loginHash);
  if (deps.rememberMe.read(req) === token) deps.rememberMe.write(res, newToken); // remembered, so still remembered
}

export function requireAuthenticatedUser(req: Request, res: Response, next: NextFunction) {
  if (res.locals.currentUser) return next();
  // Only a path on this site is kept ("//evil.example", "/\evil", "/\t/evil" are other hosts to a browser):
  // the runtime's isLocalPath, the one rule live redirects obey too, so log-in is never an open redirect.
  if (req.method === "GET" && isLocalPath(req.originalUrl)) req.session.userReturnTo = req.originalUrl;
  putFlash(req, "error", "You must log in to access this page.");
  res.redirect(302, LOG_IN_PATH);
}

/** The logged-in user, on a route behind requireAuthenticatedUser. */
export function currentUser(res: Response): User {
  const user = res.locals.currentUser;
  if (!user) throw new Error("currentUser() on a route that requireAuthenticatedUser does not guard");
  return user;
}

export function redirectIfUserIsAuthenticated(_req: Request, res: Response, next: NextFunction) {
  if (res.locals.currentUser) return res.redirect(302, SIGNED_IN_PATH);
  next();
}

function putTokenInSession(req: Request, token: string, loginHash: string) {
  req.session.userToken = token;
  req.session.liveSocketId = LIVE_SOCKET_ID_PREFIX + loginHash;
}

/** A new session id and empty data; the old session row is deleted from the store. */
function renewSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
}
