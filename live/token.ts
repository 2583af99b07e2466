/**
 * Signed view tokens. The page carries one so the socket can mount the same
 * view with the same params without trusting the client: the view name and
 * params, signed (HMAC-SHA256) and expiring.
 */
import { signToken, verifyToken } from "./signing.ts";
import type { Params } from "./view.ts";

export type ViewClaims = { view: string; params: Params };

export type VerifyResult = { ok: true; claims: ViewClaims } | { ok: false; reason: "token_invalid" | "token_expired" };

const PURPOSE = "live-view";

export function signViewToken(secret: string, claims: ViewClaims, expiresAtMs: number): string {
  return signToken(secret, PURPOSE, claims, expiresAtMs);
}

export function verifyViewToken(secret: string, token: string, nowMs: number): VerifyResult {
  const result = verifyToken(secret, PURPOSE, token, nowMs);
  if (!result.ok) return { ok: false, reason: result.reason === "expired" ? "token_expired" : "token_invalid" };
  const claims = result.data as ViewClaims;
  const valid = typeof claims?.view === "string" && typeof claims.params === "object" && claims.params !== null;
  return valid ? { ok: true, claims } : { ok: false, reason: "token_invalid" };
}

/** Same view and exactly the same params. */
export function sameClaims(a: ViewClaims, b: ViewClaims): boolean {
  const keys = Object.keys(a.params);
  return a.view === b.view && keys.length === Object.keys(b.params).length && keys.every((key) => a.params[key] === b.params[key]);
}

/** What a render handoff is bound to: the view and its exact params, so page A's values never reach page B. */
export function pageKey({ view, params }: ViewClaims): string {
  const sorted = Object.keys(params)
    .sort()
    .map((key) => [key, params[key]]);
  return `${view}:${JSON.stringify(sorted)}`;
}
