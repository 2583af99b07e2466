/**
 * Devices: each log-in of a __schema_human__ — a browser, a phone — is one session
 * token (a reissue replaces the row, the log-in stays), so the session tokens
 * are the list of devices. Deleting a row logs that device out: its next
 * request finds no token. The web layer closes its live sockets with the
 * login hashes these functions return.
 */
import type { __Context__Context } from "./__context_kebab__.ts";
import type { TokenMatch } from "./__schema_kebab__-store.ts";
import { hashToken, validityInMs } from "./__schema_kebab__-token.ts";
import type { __Schema__ } from "./__schema_kebab__.ts";

// "Last used" is kept to the hour. Writing it on every request would add an UPDATE (a disk write,
// and a write lock other requests wait on) to every page load; once an hour per device costs nothing.
export const LAST_USED_PRECISION_IN_MINUTES = 60;
const LAST_USED_PRECISION_IN_MS = LAST_USED_PRECISION_IN_MINUTES * 60 * 1000;

/** Times are ms since the epoch; `current` marks the device asking. */
export type __Schema__Device = { id: number; loggedInAt: number; lastUsedAt: number; current: boolean };

/** Called with every session lookup: records the use only when the one on record is an hour old. */
export function maybeRecordSessionUse(ctx: __Context__Context, tokenHash: string, match: TokenMatch): void {
  const lastUsedAt = match.lastUsedAt ?? match.issuedAt;
  if (ctx.clock() - lastUsedAt >= LAST_USED_PRECISION_IN_MS) ctx.store.touchSessionToken(tokenHash, ctx.clock());
}

/** The __schema_human__'s live log-ins, most recently used first. */
export function list__Schema__Devices(ctx: __Context__Context, __schema__: __Schema__, currentToken: string | undefined): __Schema__Device[] {
  const currentHash = currentToken === undefined ? null : hashToken(currentToken);
  const rows = ctx.store.listSessionTokens(__schema__.id, ctx.clock() - validityInMs("session"));
  return rows.map((row) => ({
    id: row.id,
    loggedInAt: row.logged_in_at,
    lastUsedAt: row.last_used_at,
    current: row.token_hash === currentHash,
  }));
}

/** Logs one device of this __schema_human__ out. Its login hash, or null: no such device, or another's. */
export function delete__Schema__Device(ctx: __Context__Context, __schema__: __Schema__, deviceId: number): string | null {
  return ctx.store.deleteSessionTokenById(__schema__.id, deviceId) ?? null;
}

/** Logs out every device of the __schema_human__ but the one holding currentToken; their login hashes. */
export function deleteOther__Schema__SessionTokens(ctx: __Context__Context, __schema__: __Schema__, currentToken: string): string[] {
  return ctx.store.deleteOtherSessionTokens(__schema__.id, hashToken(currentToken));
}
