/**
 * Session tokens: one per log-in, kept in the session (and in the remember-me
 * cookie when asked). A log-in is valid for SESSION_VALIDITY_IN_DAYS after it
 * began, however active the session is, and until its row is deleted. Its token
 * is replaced after SESSION_REISSUE_AGE_IN_DAYS; the log-in stays the same.
 */
import type { __Context__Context } from "./__context_kebab__.ts";
// with --sudo
import { SUDO_MODE_VALIDITY_IN_MINUTES } from "./__schema_kebab__-token.ts";
// end --sudo
import { buildToken, DAY_IN_MS, hashToken, SESSION_REISSUE_AGE_IN_DAYS, validityInMs } from "./__schema_kebab__-token.ts";
import { to__Schema__, type __Schema__ } from "./__schema_kebab__.ts";
// with --devices
import { maybeRecordSessionUse } from "./devices.ts";
// end --devices

// with --sudo
/**
 * What the web layer needs to resume a log-in: who, the log-in's name for its live sockets, whether to
 * reissue, and when the log-in began (sensitive pages ask for a recent one: sudo mode).
 */
export type __Schema__Session = { __schema__: __Schema__; loginHash: string; reissueDue: boolean; authenticatedAt: number };
// without --sudo
/** What the web layer needs to resume a log-in: who, the log-in's name for its live sockets, and whether to reissue. */
export type __Schema__Session = { __schema__: __Schema__; loginHash: string; reissueDue: boolean };
// end --sudo

/** A new log-in: the token begins it, and its hash names it for as long as it lasts. */
export function generate__Schema__SessionToken(ctx: __Context__Context, __schema__: __Schema__): string {
  const { token, hash } = buildToken();
  const now = ctx.clock();
  ctx.store.insertToken({ __schema__Id: __schema__.id, hash, context: "session", sentTo: null, now, authenticatedAt: now, loginHash: hash });
  return token;
}

/** One query: the token row joined to its __schema_human__. */
export function get__Schema__BySessionToken(ctx: __Context__Context, token: string): __Schema__ | null {
  const validAfter = ctx.clock() - validityInMs("session");
  const match = ctx.store.find__Schema__ByToken(hashToken(token), "session", validAfter);
  return match ? to__Schema__(match.__schema__) : null;
}

/** The same one query as get__Schema__BySessionToken, with what the web layer keeps in the session. */
export function get__Schema__Session(ctx: __Context__Context, token: string): __Schema__Session | null {
  const match = ctx.store.find__Schema__ByToken(hashToken(token), "session", ctx.clock() - validityInMs("session"));
  if (!match) return null;
  // with --devices
  maybeRecordSessionUse(ctx, hashToken(token), match);
  // end --devices
  const reissueDue = ctx.clock() - match.issuedAt >= SESSION_REISSUE_AGE_IN_DAYS * DAY_IN_MS;
  // with --sudo
  // authenticated_at is the log-in's, kept across reissues: a reissued token is not a fresh log-in.
  const authenticatedAt = match.authenticatedAt ?? match.issuedAt;
  return { __schema__: to__Schema__(match.__schema__), loginHash: match.loginHash ?? hashToken(token), reissueDue, authenticatedAt };
  // without --sudo
  return { __schema__: to__Schema__(match.__schema__), loginHash: match.loginHash ?? hashToken(token), reissueDue };
  // end --sudo
}

/**
 * Replaces a session token with a new one for the same log-in (same start,
 * same login hash) and deletes the old one, in one transaction. Null when the
 * old token is no longer valid: logged out, expired, or already replaced.
 */
export function reissue__Schema__SessionToken(ctx: __Context__Context, token: string): string | null {
  return ctx.store.transaction(() => {
    const match = ctx.store.find__Schema__ByToken(hashToken(token), "session", ctx.clock() - validityInMs("session"));
    if (!match) return null;
    const { token: newToken, hash } = buildToken();
    const login = { authenticatedAt: match.authenticatedAt ?? match.issuedAt, loginHash: match.loginHash ?? hashToken(token) };
    ctx.store.insertToken({ __schema__Id: match.__schema__.id, hash, context: "session", sentTo: null, now: ctx.clock(), ...login });
    ctx.store.deleteToken(hashToken(token), "session");
    return newToken;
  });
}

export function delete__Schema__SessionToken(ctx: __Context__Context, token: string): void {
  ctx.store.deleteToken(hashToken(token), "session");
}
// with --sudo

/** Whether a log-in that began at `authenticatedAt` is recent enough for sensitive actions (phx.gen.auth's sudo_mode?). */
export function is__Schema__InSudoMode(
  ctx: __Context__Context,
  authenticatedAt: number | null | undefined,
  withinMinutes: number = SUDO_MODE_VALIDITY_IN_MINUTES,
): boolean {
  return typeof authenticatedAt === "number" && ctx.clock() - authenticatedAt < withinMinutes * 60 * 1000;
}
// end --sudo
