/** Confirming that a user owns their email address. */
import type { AccountsContext, UrlFor } from "./accounts.ts";
import { insertEmailToken, verifyEmailToken } from "./email-tokens.ts";
import { toUser, type User } from "./user.ts";

export type ConfirmationDelivery = { ok: true } | { ok: false; reason: "already_confirmed" };

export async function deliverUserConfirmationInstructions(
  ctx: AccountsContext,
  user: User,
  urlFor: UrlFor,
): Promise<ConfirmationDelivery> {
  if (user.confirmedAt !== null) return { ok: false, reason: "already_confirmed" };
  const token = insertEmailToken(ctx, user, "confirm", user.email);
  await ctx.notifier.deliverConfirmationInstructions(user, urlFor(token));
  return { ok: true };
}

/** Confirms the user the token was sent to; the token (and any other confirmation link) is used up. */
export function confirmUser(ctx: AccountsContext, token: string): User | null {
  const row = verifyEmailToken(ctx, token, "confirm");
  if (!row) return null;
  return ctx.store.transaction(() => {
    ctx.store.deleteTokensOfContext(row.id, "confirm");
    return toUser(ctx.store.confirm(row.id, ctx.clock()));
  });
}
