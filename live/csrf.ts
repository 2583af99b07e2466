/**
 * The session's CSRF token (synchronizer pattern). Forms carry it in a hidden
 * `_csrf` field; the live socket carries it in its URL, because a websocket
 * upgrade is a GET that the browser sends with cookies from any site.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Request } from "express";
import type { SessionData } from "express-session";

declare module "express-session" {
  interface SessionData {
    csrfToken: string;
  }
}

const CSRF_TOKEN_BYTES = 32;

export function csrfToken(req: Request): string {
  req.session.csrfToken ??= randomBytes(CSRF_TOKEN_BYTES).toString("base64url");
  return req.session.csrfToken;
}

/** A new token, e.g. on log-in, so a token seen before log-in is worthless after it. */
export function rotateCsrfToken(req: Request): string {
  delete req.session.csrfToken;
  return csrfToken(req);
}

export function verifyCsrfToken(session: Partial<SessionData> | undefined, given: unknown): boolean {
  const expected = session?.csrfToken;
  if (typeof expected !== "string" || typeof given !== "string") return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
