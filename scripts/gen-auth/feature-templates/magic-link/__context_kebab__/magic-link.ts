/**
 * Logging in with a link sent by email (phx.gen.auth 1.8's magic link). The
 * link carries a `login` token: 32 random bytes, stored as SHA-256, valid for
 * MAGIC_LINK_VALIDITY_IN_MINUTES, used once. Opening it proves the address,
 * so it also confirms an unconfirmed account — unless that account has a
 * password (the pre-stuffing guard, below).
 */
import type { __Context__Context, UrlFor } from "./__context_kebab__.ts";
import { insertEmailToken, verifyEmailToken } from "./email-tokens.ts";
import { hashToken } from "./__schema_kebab__-token.ts";
import { to__Schema__, type __Schema__ } from "./__schema_kebab__.ts";

/** loginHashes: the sessions that ended because the link confirmed the account (their sockets should close). */
export type MagicLinkLogIn =
  | { ok: true; __schema__: __Schema__; loginHashes: string[] }
  | { ok: false; reason: "invalid" | "unconfirmed_with_password" };

export async function deliver__Schema__LogInInstructions(ctx: __Context__Context, __schema__: __Schema__, urlFor: UrlFor): Promise<void> {
  const token = insertEmailToken(ctx, __schema__, "login", __schema__.email);
  await ctx.notifier.deliverLogInInstructions(__schema__, urlFor(token));
}

/** The __schema_human__ a valid link was sent to, for the page that asks them to press the button. Uses nothing up. */
export function get__Schema__ByMagicLinkToken(ctx: __Context__Context, token: string): __Schema__ | null {
  const row = verifyEmailToken(ctx, token, "login");
  return row ? to__Schema__(row) : null;
}

/**
 * The pre-stuffing guard: someone may register an address that is not theirs,
 * with a password of their own, and wait. If its owner then logged in by magic
 * link, the account would be confirmed with the stranger's password still
 * working. So a link never logs into an unconfirmed account that has a password
 * (phx.gen.auth refuses it too): that account confirms with its own link first.
 * Confirming by link ends everything issued before the address was proven:
 * every other token of the __schema_human__ is deleted.
 */
export function logIn__Schema__ByMagicLink(ctx: __Context__Context, token: string): MagicLinkLogIn {
  return ctx.store.transaction((): MagicLinkLogIn => {
    const row = verifyEmailToken(ctx, token, "login");
    if (!row) return { ok: false, reason: "invalid" };
    if (row.confirmed_at === null && row.hashed_password !== null) return { ok: false, reason: "unconfirmed_with_password" };
    if (row.confirmed_at !== null) {
      ctx.store.deleteToken(hashToken(token), "login"); // single use
      return { ok: true, __schema__: to__Schema__(row), loginHashes: [] };
    }
    const loginHashes = ctx.store.deleteAllTokens(row.id); // this link among them
    return { ok: true, __schema__: to__Schema__(ctx.store.confirm(row.id, ctx.clock())), loginHashes };
  });
}
