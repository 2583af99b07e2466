// The guard on every course-site action that changes files (SECURITY.md 33):
// a POST must come from one of this site's own pages — its Origin names this
// site, and it carries the CSRF token that only this site's pages contain.
// The Host check runs first, so a DNS-rebinding page never gets this far; a
// cross-origin page can send a form here but cannot read the token to put in it.
import { randomBytes, timingSafeEqual } from "node:crypto";
import express, { type RequestHandler } from "express";

export const CSRF_FIELD = "_csrf";

export interface Csrf {
  /** The token the site's forms carry; new each time the site starts. */
  token: string;
  /** Body parsing plus both checks, for every POST route. */
  protect: RequestHandler[];
}

export function createCsrf(): Csrf {
  const token = randomBytes(32).toString("base64url");
  const refuse = (res: express.Response, why: string) =>
    res.status(403).type("text").send(`Refused: ${why}. Use the buttons on the course site's own pages.`);

  const requireSameOrigin: RequestHandler = function requireSameOrigin(req, res, next) {
    // Browsers send Origin with every POST; a request without one did not come from a page of ours.
    const origin = req.get("origin") ?? originOf(req.get("referer"));
    if (origin !== `${req.protocol}://${req.get("host")}`) return void refuse(res, "this request did not come from the course site");
    next();
  };
  const requireToken: RequestHandler = function requireToken(req, res, next) {
    const sent: unknown = req.body?.[CSRF_FIELD];
    if (typeof sent !== "string" || !sameSecret(sent, token)) return void refuse(res, "the form's token is missing or stale (reload the page)");
    next();
  };
  return { token, protect: [requireSameOrigin, express.urlencoded({ extended: false, limit: "10kb" }), requireToken] };
}

function originOf(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

function sameSecret(sent: string, token: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
