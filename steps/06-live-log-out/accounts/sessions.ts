/**
 * Session tokens: one per log-in, kept in the session (and in the remember-me
 * cookie when asked). A log-in is valid for SESSION_VALIDITY_IN_DAYS after it
 * began, however active the session is, and until its row is deleted. Its token
 * is replaced after SESSION_REISSUE_AGE_IN_DAYS; the log-in stays the same.
 */
import type { AccountsContext } from "./accounts.ts";
import { buildToken, DAY_IN_MS, hashToken, SESSION_REISSUE_AGE_IN_DAYS, validityInMs } from "./user-token.ts";
import { toUser, type User } from "./user.ts";

/** What the web layer needs to resume a log-in: who, the log-in's name for its live sockets, and whether to reissue. */
export type UserSession = { user: User; loginHash: string; reissueDue: boolean };

/** A new log-in: the token begins it, and its hash names it for as long as it lasts. */
export function generateUserSessionToken(ctx: AccountsContext, user: User): string {
  const { token, hash } = buildToken();
  const now = ctx.clock();
  ctx.store.insertToken({ userId: user.id, hash, context: "session", sentTo: null, now, authenticatedAt: now, loginHash: hash });
  return token;
}

/** One query: the token row joined to its user. */
export function getUserBySessionToken(ctx: AccountsContext, token: string): User | null {
  const validAfter = ctx.clock() - validityInMs("session");
  const match = ctx.store.findUserByToken(hashToken(token), "session", validAfter);
  return match ? toUser(match.user) : null;
}

/** The same one query as getUserBySessionToken, with what the web layer keeps in the session. */
export function getUserSession(ctx: AccountsContext, token: string): UserSession | null {
  const match = ctx.store.findUserByToken(hashToken(token), "session", ctx.clock() - validityInMs("session"));
  if (!match) return null;
  const reissueDue = ctx.clock() - match.issuedAt >= SESSION_REISSUE_AGE_IN_DAYS * DAY_IN_MS;
  return { user: toUser(match.user), loginHash: match.loginHash ?? hashToken(token), reissueDue };
}

/**
 * Replaces a session token with a new one for the same log-in (same start,
 * same login hash) and deletes the old one, in one transaction. Null when the
 * old token is no longer valid: logged out, expired, or already replaced.
 */
export function reissueUserSessionToken(ctx: AccountsContext, token: string): string | null {
  return ctx.store.transaction(() => {
    const match = ctx.store.findUserByToken(hashToken(token), "session", ctx.clock() - validityInMs("session"));
    if (!match) return null;
    const { token: newToken, hash } = buildToken();
    const login = { authenticatedAt: match.authenticatedAt ?? match.issuedAt, loginHash: match.loginHash ?? hashToken(token) };
    ctx.store.insertToken({ userId: match.user.id, hash, context: "session", sentTo: null, now: ctx.clock(), ...login });
    ctx.store.deleteToken(hashToken(token), "session");
    return newToken;
  });
}

export function deleteUserSessionToken(ctx: AccountsContext, token: string): void {
  ctx.store.deleteToken(hashToken(token), "session");
}

/**
 * Ends every other log-in of the user (another browser, a forgotten
 * computer) and keeps the one holding `keepToken`. Returns the login hashes of
 * the tokens it deleted, so the web layer can close those sessions' sockets.
 */
export function deleteOtherUserSessionTokens(ctx: AccountsContext, user: User, keepToken: string): string[] {
  return ctx.store.deleteSessionTokensExcept(user.id, hashToken(keepToken));
}
