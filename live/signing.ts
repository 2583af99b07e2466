/**
 * Signed, expiring tokens: base64url(JSON {data, exp}) + "." + HMAC-SHA256.
 * The purpose is mixed into the MAC, so a token signed for one use (say a
 * flash) is never accepted for another (say a view).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export type Verified<T> = { ok: true; data: T } | { ok: false; reason: "invalid" | "expired" };

export function signToken(secret: string, purpose: string, data: unknown, expiresAtMs: number): string {
  const payload = Buffer.from(JSON.stringify({ data, exp: expiresAtMs })).toString("base64url");
  return `${payload}.${mac(secret, purpose, payload)}`;
}

export function verifyToken(secret: string, purpose: string, token: string, nowMs: number): Verified<unknown> {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: "invalid" };
  const expected = Buffer.from(mac(secret, purpose, payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  try {
    const { data, exp } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (typeof exp !== "number") return { ok: false, reason: "invalid" };
    return exp > nowMs ? { ok: true, data } : { ok: false, reason: "expired" };
  } catch {
    return { ok: false, reason: "invalid" };
  }
}

function mac(secret: string, purpose: string, payload: string): string {
  return createHmac("sha256", secret).update(`${purpose}:${payload}`).digest("base64url");
}
