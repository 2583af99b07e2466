/** Registering a __schema_human__, and checking an email and password at log-in. */
import type { __Context__Context } from "./__context_kebab__.ts";
import { isUniqueViolation } from "./__schema_kebab__-store.ts";
import { hasErrors, to__Schema__, validateEmail, validatePassword, type FieldErrors, type __Schema__ } from "./__schema_kebab__.ts";

// with --passwordless
// No password: the account logs in by magic link, and may set one later in its settings.
export type Registration = { email: string; password?: string };
// without --passwordless
export type Registration = { email: string; password: string };
// end --passwordless

export type RegistrationResult = { ok: true; __schema__: __Schema__ } | { ok: false; errors: FieldErrors };

export async function register__Schema__(ctx: __Context__Context, { email, password }: Registration): Promise<RegistrationResult> {
  const errors = registrationErrors(ctx, email, password);
  if (hasErrors(errors)) return { ok: false, errors };
  // with --passwordless
  const hashedPassword = password === undefined ? null : await ctx.passwords.hash(password);
  // without --passwordless
  const hashedPassword = await ctx.passwords.hash(password);
  // end --passwordless
  try {
    return { ok: true, __schema__: to__Schema__(ctx.store.insert__Schema__(email, hashedPassword, ctx.clock())) };
  } catch (error) {
    // Two registrations of one email at once: the UNIQUE index decides, and the loser hears why.
    if (isUniqueViolation(error)) return { ok: false, errors: { email: "has already been taken" } };
    throw error;
  }
}

// with --passwordless
function registrationErrors(ctx: __Context__Context, email: string, password: string | undefined): FieldErrors {
// without --passwordless
function registrationErrors(ctx: __Context__Context, email: string, password: string): FieldErrors {
// end --passwordless
  const errors: FieldErrors = {};
  const emailError = validateEmail(email) ?? (ctx.store.find__Schema__ByEmail(email) ? "has already been taken" : null);
  if (emailError) errors.email = emailError;
  // with --passwordless
  if (password === undefined) return errors;
  // end --passwordless
  const passwordError = validatePassword(password);
  if (passwordError) errors.password = passwordError;
  return errors;
}

/** The __schema_human__ with this email and password, or null — in the same time whether or not the email exists. */
export async function get__Schema__ByEmailAndPassword(ctx: __Context__Context, email: string, password: string): Promise<__Schema__ | null> {
  const row = ctx.store.find__Schema__ByEmail(email);
  // With no row, verify() compares against a dummy hash: an unknown email takes as long as a wrong password.
  const valid = await ctx.passwords.verify(password, row?.hashed_password ?? null);
  return row && valid ? to__Schema__(row) : null;
}
