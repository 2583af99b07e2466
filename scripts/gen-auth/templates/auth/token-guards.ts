/**
 * Guards for routes whose URL carries an emailed token (/confirm/:token,
 * /reset-password/:token, /settings/confirm-email/:token).
 */
import type { RequestHandler } from "express";
import { tokenThrottle } from "./login-throttle.ts";

/** No Referer header from these pages, so the token in their URL never leaks to a page they link to or load. */
export const noReferrer: RequestHandler = function noReferrer(_req, res, next) {
  res.set("Referrer-Policy", "no-referrer");
  next();
};

export function guardTokenRoute(clock: () => number): RequestHandler[] {
  return [noReferrer, tokenThrottle(clock)];
}
