/**
 * Log in by magic link: ask for a link on the log-in page, open it from the
 * email, press the button. The link's GET only shows the button — mail
 * scanners open links — and the POST logs in.
 */
import { Router, type RequestHandler } from "express";
import { putFlash } from "#live";
import { formField, routeParam } from "./forms.ts";
import { emailThrottle } from "./login-throttle.ts";
// without --sudo
import { LOG_IN_PATH, redirectIf__Schema__IsAuthenticated } from "./__schema_kebab__-auth.ts";
// with --sudo
import { LOG_IN_PATH } from "./__schema_kebab__-auth.ts";
// end --sudo
import { magicLinkPage } from "./__schema_kebab__-magic-link-pages.ts";
import type { __Schema__RoutesOptions } from "./__schema_kebab__-routes.ts";
import { guardTokenRoute } from "./token-guards.ts";

const MAGIC_LINK_PATH = "/__table_kebab__/log-in/magic-link";
// The same answer whether or not the address has an account: only its inbox can tell.
const SENT = "If your email is in our system, you will receive instructions for logging in shortly.";
const INVALID_LINK = "Magic link is invalid or it has expired.";
const CONFIRM_FIRST =
  "This account has a password and is not confirmed yet: confirm it with the link we sent when you registered, then log in.";

export function __schema__MagicLinkRoutes(options: __Schema__RoutesOptions): Router {
  const router = Router();
  // with --sudo
  // Open to a logged-in __schema_human__ too: logging in again is how sudo mode is renewed.
  const guards = guardTokenRoute(options.clock);
  // without --sudo
  const guards = [redirectIf__Schema__IsAuthenticated, ...guardTokenRoute(options.clock)];
  // end --sudo
  router.post(MAGIC_LINK_PATH, ...emailThrottle(options.clock), sendMagicLink(options));
  router.get(`${LOG_IN_PATH}/:token`, ...guards, showMagicLink(options));
  router.post(`${LOG_IN_PATH}/:token`, ...guards, logInByMagicLink(options));
  return router;
}

function sendMagicLink({ __context__, origin }: __Schema__RoutesOptions): RequestHandler {
  return async function sendMagicLink(req, res) {
    const __schema__ = __context__.get__Schema__ByEmail(formField(req, "email"));
    if (__schema__) await __context__.deliver__Schema__LogInInstructions(__schema__, (token) => `${origin}${LOG_IN_PATH}/${token}`);
    putFlash(req, "info", SENT);
    res.redirect(302, LOG_IN_PATH);
  };
}

function showMagicLink({ __context__ }: __Schema__RoutesOptions): RequestHandler {
  return function showMagicLink(req, res) {
    const token = routeParam(req, "token");
    const __schema__ = __context__.get__Schema__ByMagicLinkToken(token);
    if (__schema__) return magicLinkPage(req, res, { token, __schema__ });
    putFlash(req, "error", INVALID_LINK);
    res.redirect(302, LOG_IN_PATH);
  };
}

function logInByMagicLink({ __context__, __schema__Auth }: __Schema__RoutesOptions): RequestHandler {
  return async function logInByMagicLink(req, res) {
    const result = __context__.logIn__Schema__ByMagicLink(routeParam(req, "token"));
    if (!result.ok) {
      putFlash(req, "error", result.reason === "invalid" ? INVALID_LINK : CONFIRM_FIRST);
      return res.redirect(302, LOG_IN_PATH);
    }
    __schema__Auth.disconnectSessions(result.loginHashes); // sessions from before the address was proven
    const rememberMe = formField(req, "remember_me") === "true";
    await __schema__Auth.logIn__Schema__(req, res, result.__schema__, { rememberMe, flash: "Welcome!" });
  };
}
