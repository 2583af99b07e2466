/**
 * Session tokens: one per log-in, kept in the session (and in the remember-me
 * cookie when asked). A token is valid for SESSION_VALIDITY_IN_DAYS after it was
 * created, however active the session is, and until its row is deleted.
 */
import type { AccountsContext } from "./accounts.ts";
import { buildToken, hashToken, validityInMs } from "./user-token.ts";
import { toUser, type User } from "./user.ts";

export function generateUserSessionToken(ctx: AccountsContext, user: User): string {
  const { token, hash } = buildToken();
  ctx.store.insertToken({ userId: user.id, hash, context: "session", sentTo: null, now: ctx.clock() });
  return token;
}

/** One query: the token row joined to its user. */
export function getUserBySessionToken(ctx: AccountsContext, token: string): User | null {
  const validAfter = ctx.clock() - validityInMs("session");
  const match = ctx.store.findUserByToken(hashToken(token), "session", validAfter);
  return match ? toUser(match.user) : null;
}

export function deleteUserSessionToken(ctx: AccountsContext, token: string): void {
  ctx.store.deleteToken(hashToken(token), "session");
}

/**
 * Ends every other log-in of the user (another browser, a forgotten
 * computer) and keeps the one holding `keepToken`. Returns the hashes of
 * the tokens it deleted, so the web layer can close those sessions' sockets.
 */
export function deleteOtherUserSessionTokens(ctx: AccountsContext, user: User, keepToken: string): string[] {
  return ctx.store.deleteSessionTokensExcept(user.id, hashToken(keepToken));
}
