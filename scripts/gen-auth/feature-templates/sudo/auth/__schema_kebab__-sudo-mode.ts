/**
 * Sudo mode (phx.gen.auth 1.8): a sensitive page — the settings — needs a
 * log-in from the last SUDO_MODE_VALIDITY_IN_MINUTES, not just a session.
 * Whoever sits down at a computer left logged in can browse, but cannot take
 * the account without the password. The log-in page asks the __schema_human__ to
 * log in again, then sends them back to the page that asked.
 *
 * The generated app has no live mount hooks; a live page that needs sudo mode
 * checks the same `current__Schema__InSudoMode` in its mount hook (step 04's
 * hooks are where it would go).
 */
import type { NextFunction, Request, Response } from "express";
import { isLocalPath, putFlash } from "#live";
import { LOG_IN_PATH, requireAuthenticated__Schema__ } from "./__schema_kebab__-auth.ts";

export function requireSudoMode(req: Request, res: Response, next: NextFunction) {
  if (!res.locals.__assign_key__) return requireAuthenticated__Schema__(req, res, next);
  if (res.locals.current__Schema__InSudoMode) return next();
  // The same rule as requireAuthenticated__Schema__: only a path on this site is kept.
  if (req.method === "GET" && isLocalPath(req.originalUrl)) req.session.__schema__ReturnTo = req.originalUrl;
  putFlash(req, "error", "You must re-authenticate to access this page.");
  res.redirect(302, LOG_IN_PATH);
}
