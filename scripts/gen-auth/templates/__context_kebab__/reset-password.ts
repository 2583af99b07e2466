/** Resetting a forgotten password with an emailed link. */
import type { __Context__Context, UrlFor } from "./__context_kebab__.ts";
import { insertEmailToken, verifyEmailToken } from "./email-tokens.ts";
import { replacePassword, type PasswordChange } from "./settings.ts";
import { hasErrors, to__Schema__, validateNewPassword, type __Schema__ } from "./__schema_kebab__.ts";

export type PasswordReset = { password: string; passwordConfirmation: string };

export async function deliver__Schema__ResetPasswordInstructions(ctx: __Context__Context, __schema__: __Schema__, urlFor: UrlFor): Promise<void> {
  const token = insertEmailToken(ctx, __schema__, "reset_password", __schema__.email);
  await ctx.notifier.deliverResetPasswordInstructions(__schema__, urlFor(token));
}

export function get__Schema__ByResetPasswordToken(ctx: __Context__Context, token: string): __Schema__ | null {
  const row = verifyEmailToken(ctx, token, "reset_password");
  return row ? to__Schema__(row) : null;
}

/**
 * Sets the new password and deletes every token of the __schema_human__ — the
 * reset link itself, and every session: whoever knew the old password is out.
 */
export async function reset__Schema__Password(
  ctx: __Context__Context,
  __schema__: __Schema__,
  { password, passwordConfirmation }: PasswordReset,
): Promise<PasswordChange> {
  const errors = validateNewPassword(password, passwordConfirmation);
  if (hasErrors(errors)) return { ok: false, errors };
  return replacePassword(ctx, __schema__, await ctx.passwords.hash(password));
}
