/**
 * The remember-me cookie: the session token, signed (HMAC-SHA256 with the app
 * secret), set only when the user ticks "remember me":
 *
 *   live_auth_remember_me=<token>.<signature>; Max-Age=14 days; Path=/; HttpOnly; SameSite=Lax[; Secure]
 *
 * The signature means a token found elsewhere (a log line, a database copy of
 * a session) cannot be turned into a cookie without the secret. The database
 * row still decides: the server checks the token's age and existence every time.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { CookieOptions, Request, Response } from "express";
import { readCookie } from "#live";
import { DAY_IN_MS, SESSION_VALIDITY_IN_DAYS } from "../accounts/user-token.ts";

export const REMEMBER_ME_COOKIE = "live_auth_remember_me";
// The cookie never outlives the token it carries (and the server enforces the token's age anyway).
const REMEMBER_ME_MAX_AGE_IN_MS = SESSION_VALIDITY_IN_DAYS * DAY_IN_MS;
const SIGNATURE_PURPOSE = "remember-me";

export type RememberMeCookie = ReturnType<typeof rememberMeCookie>;

export function rememberMeCookie(secret: string, secure: boolean) {
  // HttpOnly: page scripts never see it. Lax: not sent on cross-site POSTs. No Domain: this host only.
  const options: CookieOptions = { httpOnly: true, sameSite: "lax", path: "/", secure };
  return {
    write: (res: Response, token: string) =>
      void res.cookie(REMEMBER_ME_COOKIE, `${token}.${sign(secret, token)}`, { ...options, maxAge: REMEMBER_ME_MAX_AGE_IN_MS }),
    /** The token, if the request carries a cookie with a valid signature. */
    read: (req: Request): string | null => verify(secret, readCookie(req.headers.cookie, REMEMBER_ME_COOKIE)),
    isPresent: (req: Request): boolean => readCookie(req.headers.cookie, REMEMBER_ME_COOKIE) !== null,
    clear: (res: Response) => void res.clearCookie(REMEMBER_ME_COOKIE, options),
  };
}

function sign(secret: string, token: string): string {
  return createHmac("sha256", secret).update(`${SIGNATURE_PURPOSE}:${token}`).digest("base64url");
}

function verify(secret: string, value: string | null): string | null {
  const dot = value?.lastIndexOf(".") ?? -1;
  if (!value || dot <= 0) return null;
  const token = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(secret, token));
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}
