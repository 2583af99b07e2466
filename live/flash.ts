/**
 * Flash messages: shown once, on the next page. Over HTTP they live in the
 * session. A socket cannot set a cookie or write the session, so a live
 * redirect carries its flash as a signed token that the client puts in a
 * short-lived `live_flash` cookie; the next request moves it into the page.
 */
import type { Request, RequestHandler } from "express";
import { readCookie } from "./cookies.ts";
import { LIVE_FLASH_COOKIE, type Flash, type FlashKind } from "./protocol.ts";
import { signToken, verifyToken } from "./signing.ts";
import { LiveSocket, pushSocketFlash } from "./view.ts";

declare module "express-session" {
  interface SessionData {
    flash: Flash;
  }
}

const FLASH_TOKEN_VALIDITY_IN_MS = 60_000; // long enough for one redirect

/** Works on a request (HTTP) and on a live socket (shown at once, or carried by a redirect). */
export function putFlash<S>(target: Request | LiveSocket<S>, kind: FlashKind, message: string) {
  if (target instanceof LiveSocket) return void pushSocketFlash(target, kind, message);
  target.session.flash = { ...target.session.flash, [kind]: message };
}

/** Reads and clears the flash: call it once, when rendering a page. */
export function takeFlash(req: Request): Flash {
  const flash = req.session?.flash ?? {};
  if (req.session?.flash) delete req.session.flash;
  return flash;
}

export function signFlash(secret: string, flash: Flash, nowMs: number): string {
  return signToken(secret, "live-flash", flash, nowMs + FLASH_TOKEN_VALIDITY_IN_MS);
}

export function verifyFlash(secret: string, token: string, nowMs: number): Flash | null {
  const result = verifyToken(secret, "live-flash", token, nowMs);
  if (!result.ok) return null;
  const flash = result.data as Record<string, unknown> | null;
  return { info: stringOrUndefined(flash?.info), error: stringOrUndefined(flash?.error) };
}

/** Moves a live redirect's flash cookie into the session flash, and expires the cookie. */
export function liveFlashCookie(secret: string, clock: () => number): RequestHandler {
  return function readLiveFlash(req, res, next) {
    const token = readCookie(req.headers.cookie, LIVE_FLASH_COOKIE);
    if (token === null) return next();
    res.clearCookie(LIVE_FLASH_COOKIE, { path: "/" });
    const flash = verifyFlash(secret, token, clock());
    if (flash) for (const kind of ["info", "error"] as const) if (flash[kind]) putFlash(req, kind, flash[kind]);
    next();
  };
}

function stringOrUndefined(value: unknown) {
  return typeof value === "string" ? value : undefined;
}
