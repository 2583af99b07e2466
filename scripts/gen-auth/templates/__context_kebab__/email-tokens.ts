/**
 * Tokens sent by email (confirmation, reset, email change). Each is recorded
 * with the address it went to: once the __schema_human__'s email changes, the
 * links sent to the old address stop working.
 */
import type { __Context__Context } from "./__context_kebab__.ts";
import { buildToken, hashToken, validityInMs, type TokenContext } from "./__schema_kebab__-token.ts";
import type { __Schema__, __Schema__Row } from "./__schema_kebab__.ts";

/** Stores the hash of a new token; returns the token itself, for the link. */
export function insertEmailToken(ctx: __Context__Context, __schema__: __Schema__, context: TokenContext, sentTo: string): string {
  const { token, hash } = buildToken();
  ctx.store.insertToken({ __schema__Id: __schema__.id, hash, context, sentTo, now: ctx.clock() });
  return token;
}

/** The __schema_human__ a token was sent to, if it is unexpired and still addressed to their current email. */
export function verifyEmailToken(ctx: __Context__Context, token: string, context: TokenContext): __Schema__Row | null {
  const validAfter = ctx.clock() - validityInMs(context);
  const match = ctx.store.find__Schema__ByToken(hashToken(token), context, validAfter);
  return match && match.sentTo === match.__schema__.email ? match.__schema__ : null;
}
