/**
 * __Schema__ tokens: sessions, emailed links, pending email changes. The token
 * itself goes to the __schema_human__ (in the session, a cookie, or a link); the
 * database keeps only its SHA-256 in `__table___tokens`.
 *
 * Why tokens live in the database at all, when a signed cookie could carry the
 * __schema_human__ id: a row can be deleted. Log-out, a password change or a reset
 * deletes rows, and every copy of those tokens stops working at once.
 */
import { createHash, randomBytes } from "node:crypto";

// 256 random bits: nobody guesses one, so no token needs a salt or a slow hash.
export const TOKEN_SIZE_IN_BYTES = 32;
// Must match the remember-me cookie's max age: the cookie never outlives its token.
export const SESSION_VALIDITY_IN_DAYS = 14;
// A session token in use this long is replaced by a new one for the same log-in (phx.gen.auth 1.8):
// a copy taken earlier stops working, though the log-in still ends SESSION_VALIDITY_IN_DAYS after it began.
export const SESSION_REISSUE_AGE_IN_DAYS = 7;
// A confirmation link is harmless if someone else clicks it, so it may wait a week.
export const CONFIRM_VALIDITY_IN_DAYS = 7;
// A reset link hands the account to whoever holds it: keep it short-lived.
export const RESET_PASSWORD_VALIDITY_IN_DAYS = 1;
export const CHANGE_EMAIL_VALIDITY_IN_DAYS = 7;
export const DAY_IN_MS = 24 * 60 * 60 * 1000;
// with --magic-link
// A magic link logs its holder straight in: a quarter of an hour is enough to open one's inbox.
export const MAGIC_LINK_VALIDITY_IN_MINUTES = 15;
// end --magic-link
// with --sudo
// Settings need a log-in this recent (phx.gen.auth: 20 minutes): an unlocked computer left behind is not enough.
export const SUDO_MODE_VALIDITY_IN_MINUTES = 20;
// end --sudo

// with --magic-link
export type TokenContext = "session" | "confirm" | "reset_password" | "login" | `change:${string}`;
// without --magic-link
export type TokenContext = "session" | "confirm" | "reset_password" | `change:${string}`;
// end --magic-link

/** A fresh token: `token` goes to the __schema_human__, only `hash` is stored. */
export function buildToken(): { token: string; hash: string } {
  const token = randomBytes(TOKEN_SIZE_IN_BYTES).toString("base64url");
  return { token, hash: hashToken(token) };
}

// Why hash: whoever reads a copy of the database (a backup, an injection
// elsewhere) finds hashes, which are no use as a cookie or in a link.
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** How long a token of this context is valid, in ms. */
export function validityInMs(context: TokenContext): number {
  if (context === "session") return SESSION_VALIDITY_IN_DAYS * DAY_IN_MS;
  if (context === "confirm") return CONFIRM_VALIDITY_IN_DAYS * DAY_IN_MS;
  if (context === "reset_password") return RESET_PASSWORD_VALIDITY_IN_DAYS * DAY_IN_MS;
  // with --magic-link
  if (context === "login") return MAGIC_LINK_VALIDITY_IN_MINUTES * 60 * 1000;
  // end --magic-link
  return CHANGE_EMAIL_VALIDITY_IN_DAYS * DAY_IN_MS;
}

/** A pending email change is tied to the address it changes from: once that changes, the link is void. */
export function changeEmailContext(currentEmail: string): TokenContext {
  return `change:${currentEmail}`;
}
