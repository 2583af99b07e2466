/** Registering a user, and checking an email and password at log-in. */
import type { AccountsContext } from "./accounts.ts";
import { isUniqueViolation } from "./user-store.ts";
import { hasErrors, toUser, validateEmail, validatePassword, type FieldErrors, type User } from "./user.ts";

export type Registration = { email: string; password: string };

export type RegistrationResult = { ok: true; user: User } | { ok: false; errors: FieldErrors };

export async function registerUser(ctx: AccountsContext, { email, password }: Registration): Promise<RegistrationResult> {
  const errors = registrationErrors(ctx, email, password);
  if (hasErrors(errors)) return { ok: false, errors };
  const hashedPassword = await ctx.passwords.hash(password);
  try {
    return { ok: true, user: toUser(ctx.store.insertUser(email, hashedPassword, ctx.clock())) };
  } catch (error) {
    // Two registrations of one email at once: the UNIQUE index decides, and the loser hears why.
    if (isUniqueViolation(error)) return { ok: false, errors: { email: "has already been taken" } };
    throw error;
  }
}

function registrationErrors(ctx: AccountsContext, email: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  const emailError = validateEmail(email) ?? (ctx.store.findUserByEmail(email) ? "has already been taken" : null);
  if (emailError) errors.email = emailError;
  const passwordError = validatePassword(password);
  if (passwordError) errors.password = passwordError;
  return errors;
}

/** The user with this email and password, or null — in the same time whether or not the email exists. */
export async function getUserByEmailAndPassword(ctx: AccountsContext, email: string, password: string): Promise<User | null> {
  const row = ctx.store.findUserByEmail(email);
  // With no row, verify() compares against a dummy hash: an unknown email takes as long as a wrong password.
  const valid = await ctx.passwords.verify(password, row?.hashed_password ?? null);
  return row && valid ? toUser(row) : null;
}
