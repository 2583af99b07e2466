/**
 * Changing the email or the password of a logged-in __schema_human__. Both ask for
 * the current password: a session left open on a shared computer must not be
 * enough to take the account over.
 */
import type { __Context__Context, UrlFor } from "./__context_kebab__.ts";
import { insertEmailToken } from "./email-tokens.ts";
import { isUniqueViolation } from "./__schema_kebab__-store.ts";
import { changeEmailContext, hashToken, validityInMs } from "./__schema_kebab__-token.ts";
import { hasErrors, to__Schema__, validateEmail, validateNewPassword, type FieldErrors, type __Schema__ } from "./__schema_kebab__.ts";

export type EmailChange = { email: string; currentPassword: string };
export type PasswordUpdate = { password: string; passwordConfirmation: string; currentPassword: string };

/** `loginHashes`: the log-ins that just ended (each named by its first token), so the web layer can close their sockets. */
export type PasswordChange = { ok: true; __schema__: __Schema__; loginHashes: string[] } | { ok: false; errors: FieldErrors };

/** Checks the request and mails a link to the new address; the email changes only when the link is used. */
export async function deliver__Schema__UpdateEmailInstructions(
  ctx: __Context__Context,
  __schema__: __Schema__,
  { email, currentPassword }: EmailChange,
  urlFor: UrlFor,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const errors = await emailChangeErrors(ctx, __schema__, email, currentPassword);
  if (hasErrors(errors)) return { ok: false, errors };
  const token = insertEmailToken(ctx, __schema__, changeEmailContext(__schema__.email), email);
  await ctx.notifier.deliverUpdateEmailInstructions({ ...__schema__, email }, urlFor(token));
  return { ok: true };
}

async function emailChangeErrors(ctx: __Context__Context, __schema__: __Schema__, email: string, currentPassword: string) {
  const errors: FieldErrors = {};
  const sameEmail = email.toLowerCase() === __schema__.email.toLowerCase();
  const emailError = validateEmail(email) ?? (sameEmail ? "did not change" : null);
  if (emailError) errors.email = emailError;
  if (!(await checkCurrentPassword(ctx, __schema__, currentPassword))) errors.current_password = "is not valid";
  // Whether an address is taken is said only to someone who proved who they are.
  if (!hasErrors(errors) && ctx.store.find__Schema__ByEmail(email)) errors.email = "has already been taken";
  return errors;
}

/** Applies the email change the token was mailed for; the link works once, for this __schema_human__ only. */
export function apply__Schema__Email(ctx: __Context__Context, __schema__: __Schema__, token: string): __Schema__ | null {
  const context = changeEmailContext(__schema__.email);
  const match = ctx.store.find__Schema__ByToken(hashToken(token), context, ctx.clock() - validityInMs(context));
  const newEmail = match?.sentTo;
  if (!match || match.__schema__.id !== __schema__.id || !newEmail) return null;
  try {
    return ctx.store.transaction(() => {
      ctx.store.deleteTokensOfContext(__schema__.id, context);
      return to__Schema__(ctx.store.updateEmail(__schema__.id, newEmail, ctx.clock()));
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null; // someone registered that address in the meantime
    throw error;
  }
}

export async function update__Schema__Password(ctx: __Context__Context, __schema__: __Schema__, update: PasswordUpdate): Promise<PasswordChange> {
  const errors = validateNewPassword(update.password, update.passwordConfirmation);
  if (!(await checkCurrentPassword(ctx, __schema__, update.currentPassword))) errors.current_password = "is not valid";
  if (hasErrors(errors)) return { ok: false, errors };
  return replacePassword(ctx, __schema__, await ctx.passwords.hash(update.password));
}

/**
 * Stores the new hash and deletes every token of the __schema_human__ in one
 * transaction: every session, remember-me cookie and emailed link stops working.
 */
export function replacePassword(ctx: __Context__Context, __schema__: __Schema__, hashedPassword: string): PasswordChange {
  const loginHashes = ctx.store.transaction(() => {
    ctx.store.updatePassword(__schema__.id, hashedPassword);
    return ctx.store.deleteAllTokens(__schema__.id);
  });
  return { ok: true, __schema__, loginHashes };
}

async function checkCurrentPassword(ctx: __Context__Context, __schema__: __Schema__, password: string): Promise<boolean> {
  const row = ctx.store.find__Schema__ById(__schema__.id);
  // with --passwordless
  // An account without a password has none to ask for: the settings' sudo mode (a log-in of the
  // last minutes, by link) is what proves who is at the keyboard, as in phx.gen.auth 1.8.
  if (row && row.hashed_password === null) return true;
  // end --passwordless
  return ctx.passwords.verify(password, row?.hashed_password ?? null);
}
// with --passwordless

/** Whether the account has a password (one registered by email only has none until it sets one). */
export function has__Schema__Password(ctx: __Context__Context, __schema__: __Schema__): boolean {
  return Boolean(ctx.store.find__Schema__ById(__schema__.id)?.hashed_password);
}
// end --passwordless
