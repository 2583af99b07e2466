/**
 * Session tokens: one per log-in, kept in the session (and in the remember-me
 * cookie when asked). A token is valid for SESSION_VALIDITY_IN_DAYS after it was
 * created, however active the session is, and until its row is deleted.
 */
import type { __Context__Context } from "./__context_kebab__.ts";
import { buildToken, hashToken, validityInMs } from "./__schema_kebab__-token.ts";
import { to__Schema__, type __Schema__ } from "./__schema_kebab__.ts";

export function generate__Schema__SessionToken(ctx: __Context__Context, __schema__: __Schema__): string {
  const { token, hash } = buildToken();
  ctx.store.insertToken({ __schema__Id: __schema__.id, hash, context: "session", sentTo: null, now: ctx.clock() });
  return token;
}

/** One query: the token row joined to its __schema_human__. */
export function get__Schema__BySessionToken(ctx: __Context__Context, token: string): __Schema__ | null {
  const validAfter = ctx.clock() - validityInMs("session");
  const match = ctx.store.find__Schema__ByToken(hashToken(token), "session", validAfter);
  return match ? to__Schema__(match.__schema__) : null;
}

export function delete__Schema__SessionToken(ctx: __Context__Context, token: string): void {
  ctx.store.deleteToken(hashToken(token), "session");
}
