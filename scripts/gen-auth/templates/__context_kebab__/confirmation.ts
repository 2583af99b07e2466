/** Confirming that a __schema_human__ owns their email address. */
import type { __Context__Context, UrlFor } from "./__context_kebab__.ts";
import { insertEmailToken, verifyEmailToken } from "./email-tokens.ts";
import { to__Schema__, type __Schema__ } from "./__schema_kebab__.ts";

export type ConfirmationDelivery = { ok: true } | { ok: false; reason: "already_confirmed" };

export async function deliver__Schema__ConfirmationInstructions(
  ctx: __Context__Context,
  __schema__: __Schema__,
  urlFor: UrlFor,
): Promise<ConfirmationDelivery> {
  if (__schema__.confirmedAt !== null) return { ok: false, reason: "already_confirmed" };
  const token = insertEmailToken(ctx, __schema__, "confirm", __schema__.email);
  await ctx.notifier.deliverConfirmationInstructions(__schema__, urlFor(token));
  return { ok: true };
}

/** Confirms the __schema_human__ the token was sent to; the token (and any other confirmation link) is used up. */
export function confirm__Schema__(ctx: __Context__Context, token: string): __Schema__ | null {
  const row = verifyEmailToken(ctx, token, "confirm");
  if (!row) return null;
  return ctx.store.transaction(() => {
    ctx.store.deleteTokensOfContext(row.id, "confirm");
    return to__Schema__(ctx.store.confirm(row.id, ctx.clock()));
  });
}
