/**
 * Tokens sent by email (confirmation, reset, email change). Each is recorded
 * with the address it went to: once the user's email changes, the
 * links sent to the old address stop working.
 */
import type { AccountsContext } from "./accounts.ts";
import { buildToken, hashToken, validityInMs, type TokenContext } from "./user-token.ts";
import type { User, UserRow } from "./user.ts";

/** Stores the hash of a new token; returns the token itself, for the link. */
export function insertEmailToken(ctx: AccountsContext, user: User, context: TokenContext, sentTo: string): string {
  const { token, hash } = buildToken();
  ctx.store.insertToken({ userId: user.id, hash, context, sentTo, now: ctx.clock() });
  return token;
}

/** The user a token was sent to, if it is unexpired and still addressed to their current email. */
export function verifyEmailToken(ctx: AccountsContext, token: string, context: TokenContext): UserRow | null {
  const validAfter = ctx.clock() - validityInMs(context);
  const match = ctx.store.findUserByToken(hashToken(token), context, validAfter);
  return match && match.sentTo === match.user.email ? match.user : null;
}
