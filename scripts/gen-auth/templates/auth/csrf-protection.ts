/**
 * Refuses state-changing requests that did not come from one of this app's own pages:
 *   1. where the browser says where the request came from (Origin, Sec-Fetch-Site),
 *      it must be this origin;
 *   2. the form's hidden `_csrf` field (or an X-CSRF-Token header) must equal the
 *      session's token — a secret another site cannot read — compared in constant time.
 * GET, HEAD and OPTIONS are not checked, which is why no GET route may change anything.
 */
import type { Request, RequestHandler, Response } from "express";
import { html, verifyCsrfToken } from "#live";
import { renderPage } from "../layout.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// Sec-Fetch-Site values a browser sends for requests from our own pages, or typed by the __schema_human__.
const OWN_FETCH_SITES = new Set(["same-origin", "none"]);

export function csrfProtection(origin: string): RequestHandler {
  return function protectFromForgery(req, res, next) {
    if (SAFE_METHODS.has(req.method)) return next();
    if (fromAnotherSite(req, origin)) return refuse(req, res, "The request came from another site.");
    if (!verifyCsrfToken(req.session, submittedToken(req))) return refuse(req, res, "Reload the page and try again.");
    next();
  };
}

/**
 * A browser that sends Sec-Fetch-Site is believed: no page can set it, and "same-origin" means the form
 * came from the very origin it posts to — whichever of the app's names (a development app also answers
 * at localhost, 127.0.0.1 and [::1]) it was opened at. That is also how a page served with
 * `Referrer-Policy: no-referrer` (every page an emailed link opens) is recognised: its forms carry
 * `Origin: null`. Without Sec-Fetch-Site, Origin must be the configured one.
 */
function fromAnotherSite(req: Request, origin: string): boolean {
  const fetchSite = req.get("sec-fetch-site");
  if (fetchSite !== undefined) return !OWN_FETCH_SITES.has(fetchSite);
  const requestOrigin = req.get("origin");
  return requestOrigin !== undefined && requestOrigin !== origin;
}

function submittedToken(req: Request): unknown {
  return req.body?._csrf ?? req.get("x-csrf-token");
}

function refuse(req: Request, res: Response, advice: string) {
  res.status(403);
  renderPage(req, res, "Forbidden", html`<h1>Forbidden</h1><p>Invalid or missing CSRF token.</p><p>${advice}</p>`);
}
