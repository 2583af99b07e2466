/** Resetting a forgotten password with an emailed link. */
import type { AccountsContext, UrlFor } from "./accounts.ts";
import { insertEmailToken, verifyEmailToken } from "./email-tokens.ts";
import { replacePassword, type PasswordChange } from "./settings.ts";
import { hasErrors, toUser, validateNewPassword, type User } from "./user.ts";

export type PasswordReset = { password: string; passwordConfirmation: string };

export async function deliverUserResetPasswordInstructions(ctx: AccountsContext, user: User, urlFor: UrlFor): Promise<void> {
  const token = insertEmailToken(ctx, user, "reset_password", user.email);
  await ctx.notifier.deliverResetPasswordInstructions(user, urlFor(token));
}

export function getUserByResetPasswordToken(ctx: AccountsContext, token: string): User | null {
  const row = verifyEmailToken(ctx, token, "reset_password");
  return row ? toUser(row) : null;
}

/**
 * Sets the new password and deletes every token of the user — the
 * reset link itself, and every session: whoever knew the old password is out.
 */
export async function resetUserPassword(
  ctx: AccountsContext,
  user: User,
  { password, passwordConfirmation }: PasswordReset,
): Promise<PasswordChange> {
  const errors = validateNewPassword(password, passwordConfirmation);
  if (hasErrors(errors)) return { ok: false, errors };
  return replacePassword(ctx, user, await ctx.passwords.hash(password));
}
