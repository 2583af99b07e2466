/**
 * Changing the email or the password of a logged-in user. Both ask for
 * the current password: a session left open on a shared computer must not be
 * enough to take the account over.
 */
import type { AccountsContext, UrlFor } from "./accounts.ts";
import { insertEmailToken } from "./email-tokens.ts";
import { isUniqueViolation } from "./user-store.ts";
import { changeEmailContext, hashToken, validityInMs } from "./user-token.ts";
import { hasErrors, toUser, validateEmail, validateNewPassword, type FieldErrors, type User } from "./user.ts";

export type EmailChange = { email: string; currentPassword: string };
export type PasswordUpdate = { password: string; passwordConfirmation: string; currentPassword: string };

/** `loginHashes`: the log-ins that just ended (each named by its first token), so the web layer can close their sockets. */
export type PasswordChange = { ok: true; user: User; loginHashes: string[] } | { ok: false; errors: FieldErrors };

/** Checks the request and mails a link to the new address; the email changes only when the link is used. */
export async function deliverUserUpdateEmailInstructions(
  ctx: AccountsContext,
  user: User,
  { email, currentPassword }: EmailChange,
  urlFor: UrlFor,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const errors = await emailChangeErrors(ctx, user, email, currentPassword);
  if (hasErrors(errors)) return { ok: false, errors };
  const token = insertEmailToken(ctx, user, changeEmailContext(user.email), email);
  await ctx.notifier.deliverUpdateEmailInstructions({ ...user, email }, urlFor(token));
  return { ok: true };
}

async function emailChangeErrors(ctx: AccountsContext, user: User, email: string, currentPassword: string) {
  const errors: FieldErrors = {};
  const sameEmail = email.toLowerCase() === user.email.toLowerCase();
  const emailError = validateEmail(email) ?? (sameEmail ? "did not change" : null);
  if (emailError) errors.email = emailError;
  if (!(await checkCurrentPassword(ctx, user, currentPassword))) errors.current_password = "is not valid";
  // Whether an address is taken is said only to someone who proved who they are.
  if (!hasErrors(errors) && ctx.store.findUserByEmail(email)) errors.email = "has already been taken";
  return errors;
}

/** Applies the email change the token was mailed for; the link works once, for this user only. */
export function applyUserEmail(ctx: AccountsContext, user: User, token: string): User | null {
  const context = changeEmailContext(user.email);
  const match = ctx.store.findUserByToken(hashToken(token), context, ctx.clock() - validityInMs(context));
  const newEmail = match?.sentTo;
  if (!match || match.user.id !== user.id || !newEmail) return null;
  try {
    return ctx.store.transaction(() => {
      ctx.store.deleteTokensOfContext(user.id, context);
      return toUser(ctx.store.updateEmail(user.id, newEmail, ctx.clock()));
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null; // someone registered that address in the meantime
    throw error;
  }
}

export async function updateUserPassword(ctx: AccountsContext, user: User, update: PasswordUpdate): Promise<PasswordChange> {
  const errors = validateNewPassword(update.password, update.passwordConfirmation);
  if (!(await checkCurrentPassword(ctx, user, update.currentPassword))) errors.current_password = "is not valid";
  if (hasErrors(errors)) return { ok: false, errors };
  return replacePassword(ctx, user, await ctx.passwords.hash(update.password));
}

/**
 * Stores the new hash and deletes every token of the user in one
 * transaction: every session, remember-me cookie and emailed link stops working.
 */
export function replacePassword(ctx: AccountsContext, user: User, hashedPassword: string): PasswordChange {
  const loginHashes = ctx.store.transaction(() => {
    ctx.store.updatePassword(user.id, hashedPassword);
    return ctx.store.deleteAllTokens(user.id);
  });
  return { ok: true, user, loginHashes };
}

async function checkCurrentPassword(ctx: AccountsContext, user: User, password: string): Promise<boolean> {
  const row = ctx.store.findUserById(user.id);
  return ctx.passwords.verify(password, row?.hashed_password ?? null);
}
