/**
 * Sudo mode (phx.gen.auth 1.8): a sensitive page needs a recent log-in, not
 * just a session. Whoever sits down at a computer left logged in can browse,
 * but cannot take the account without the password. The log-in page asks the
 * __schema_human__ to log in again, then sends them back to the page that asked.
 *
 * A page uses the middleware; a live page uses both, because the middleware
 * sees only its HTTP render and the hook runs on every mount (the socket
 * join and each live navigation too):
 *
 *   router.all("/__table_kebab__/settings", requireSudoMode(__context__));
 *   live.liveSession("sudo", { onMount: [requireLiveSudoMode(__context__)] }, (route) => {
 *     route("/__table_kebab__/keys", keysView, requireSudoMode(__context__, LIVE_SUDO_MODE_VALIDITY_IN_MINUTES));
 *   });
 */
import type { Request, RequestHandler, Response } from "express";
import { assignNew, cont, halt, isLocalPath, putFlash, type OnMount } from "#live";
import type { __Context__ } from "../__context_kebab__/__context_kebab__.ts";
import { SUDO_MODE_VALIDITY_IN_MINUTES } from "../__context_kebab__/__schema_kebab__-token.ts";
import { LOG_IN_PATH, requireAuthenticated__Schema__ } from "./__schema_kebab__-auth.ts";

declare global {
  namespace Express {
    interface Locals {
      current__Schema__AuthenticatedAt?: number | null; // when this log-in began, set by fetchCurrent__Schema__
    }
  }
}

// A live page stays open as long as its tab, and what is done on it should still pass the full
// SUDO_MODE_VALIDITY_IN_MINUTES: so it mounts only with at least half of that left (phx.gen.auth's hook: 10).
export const LIVE_SUDO_MODE_VALIDITY_IN_MINUTES = 10;
const REAUTHENTICATE = "You must re-authenticate to access this page.";

/** Middleware: a log-in older than `withinMinutes` goes to the log-in page, and comes back here after. */
export function requireSudoMode(__context__: __Context__, withinMinutes = SUDO_MODE_VALIDITY_IN_MINUTES): RequestHandler {
  return function requireSudoMode(req: Request, res: Response, next) {
    if (!res.locals.__assign_key__) return requireAuthenticated__Schema__(req, res, next);
    if (__context__.is__Schema__InSudoMode(res.locals.current__Schema__AuthenticatedAt, withinMinutes)) return next();
    // The same rule as requireAuthenticated__Schema__: only a path on this site is kept.
    if (req.method === "GET" && isLocalPath(req.originalUrl)) req.session.__schema__ReturnTo = req.originalUrl;
    putFlash(req, "error", REAUTHENTICATE);
    res.redirect(302, LOG_IN_PATH);
  };
}

/**
 * The onMount hook: the same rule on every mount of a live page. assignNew
 * finds when the log-in began without a query — in res.locals on the dead
 * render, in the render handoff on the join, carried on a live navigation —
 * and the clock is read afresh each time, so a page left open expires too.
 * A socket cannot write the session, so a refused join or navigation keeps no
 * return path: only the middleware, on the page's HTTP render, stores one.
 */
export function requireLiveSudoMode(__context__: __Context__, withinMinutes = LIVE_SUDO_MODE_VALIDITY_IN_MINUTES): OnMount {
  return function requireLiveSudoMode(_params, session, socket) {
    assignNew(socket, "current__Schema__AuthenticatedAt", () => {
      const token = session.__schema__Token;
      return token ? (__context__.get__Schema__Session(token)?.authenticatedAt ?? null) : null;
    });
    const authenticatedAt = socket.assigns.current__Schema__AuthenticatedAt;
    if (typeof authenticatedAt !== "number") return halt(socket, LOG_IN_PATH, { error: "You must log in to access this page." });
    if (__context__.is__Schema__InSudoMode(authenticatedAt, withinMinutes)) return cont();
    return halt(socket, LOG_IN_PATH, { error: REAUTHENTICATE });
  };
}
