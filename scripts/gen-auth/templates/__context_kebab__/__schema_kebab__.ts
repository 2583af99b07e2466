/**
 * The __Schema__: what a row of `__table__` holds, and the rules an email and a
 * password must follow. Rules return an error message, or null when the value is fine.
 */

// Long enough for any real address, short enough to keep rows and pages small.
export const EMAIL_MAX_LENGTH = 160;
// Length is what makes a password hard to guess; composition rules mostly annoy (NIST SP 800-63B).
export const PASSWORD_MIN_LENGTH_IN_CHARS = 12;
// bcrypt reads only the first 72 bytes. A longer password is refused, never silently cut:
// otherwise two passwords sharing their first 72 bytes would both work.
export const PASSWORD_MAX_LENGTH_IN_BYTES = 72;

// A statement on either table loads a __schema_human__: the live query log counts them (live.userTables).
export const __schema__Tables = ["__table__", "__table___tokens"] as const;

export type __Schema__ = {
  id: number;
  email: string;
  confirmedAt: number | null;
  createdAt: number;
};

/** A row of `__table__` as SQLite returns it. Only the store and the domain ever see hashed_password. */
export type __Schema__Row = {
  id: number;
  email: string;
  // with --magic-link
  hashed_password: string | null; // null: the account logs in only by magic link
  // without --magic-link
  hashed_password: string;
  // end --magic-link
  confirmed_at: number | null;
  created_at: number;
};

/** Form fields that can carry an error, named as the forms name them. */
export type FieldErrors = Partial<Record<"email" | "password" | "password_confirmation" | "current_password", string>>;

export function to__Schema__(row: __Schema__Row): __Schema__ {
  return { id: row.id, email: row.email, confirmedAt: row.confirmed_at, createdAt: row.created_at };
}

/** Every rule the address breaks, in one message (as phx.gen.auth): one fix, not one round trip per rule. */
export function validateEmail(email: string): string | null {
  if (email === "") return "can't be blank";
  const broken = [
    /^[^@,;\s]+@[^@,;\s]+$/.test(email) ? null : "must have the @ sign and no spaces",
    email.length > EMAIL_MAX_LENGTH ? `should be at most ${EMAIL_MAX_LENGTH} characters` : null,
  ].filter((message) => message !== null);
  return broken.length > 0 ? broken.join(", and ") : null;
}

export function validatePassword(password: string): string | null {
  if (password === "") return "can't be blank";
  if ([...password].length < PASSWORD_MIN_LENGTH_IN_CHARS) return `should be at least ${PASSWORD_MIN_LENGTH_IN_CHARS} characters`;
  if (Buffer.byteLength(password, "utf8") > PASSWORD_MAX_LENGTH_IN_BYTES) {
    return `should be at most ${PASSWORD_MAX_LENGTH_IN_BYTES} bytes (accented letters and emoji take 2–4 bytes each)`;
  }
  return null;
}

/** A new password and its confirmation, as the settings and reset forms send them. */
export function validateNewPassword(password: string, confirmation: string): FieldErrors {
  const errors: FieldErrors = {};
  const passwordError = validatePassword(password);
  if (passwordError) errors.password = passwordError;
  if (password !== confirmation) errors.password_confirmation = "does not match password";
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}
