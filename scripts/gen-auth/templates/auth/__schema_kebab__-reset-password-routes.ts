/** Resetting a forgotten password: ask for a link, then set a new password from it. */
import { Router, type Request, type RequestHandler, type Response } from "express";
import { putFlash } from "#live";
import { formField, routeParam } from "./forms.ts";
import { emailThrottle } from "./login-throttle.ts";
import { LOG_IN_PATH, redirectIf__Schema__IsAuthenticated } from "./__schema_kebab__-auth.ts";
import { newPasswordPage, resetPasswordRequestPage } from "./__schema_kebab__-reset-password-pages.ts";
import type { __Schema__RoutesOptions } from "./__schema_kebab__-routes.ts";
import { guardTokenRoute } from "./token-guards.ts";

const RESET_PATH = "/__table_kebab__/reset-password";
// The same answer whether or not the address has an account: only its inbox can tell.
const SENT = "If your email is in our system, you will receive instructions to reset your password shortly.";

export function __schema__ResetPasswordRoutes(options: __Schema__RoutesOptions): Router {
  const router = Router();
  const guardToken = guardTokenRoute(options.clock);
  // As phx.gen.auth: whoever is logged in knows the password, and changes it in the settings.
  const loggedOut = redirectIf__Schema__IsAuthenticated;
  router.get(RESET_PATH, loggedOut, (req, res) => resetPasswordRequestPage(req, res));
  router.post(RESET_PATH, loggedOut, ...emailThrottle(options.clock), requestReset(options));
  router.get(`${RESET_PATH}/:token`, loggedOut, ...guardToken, showNewPasswordForm(options));
  router.post(`${RESET_PATH}/:token`, loggedOut, ...guardToken, resetPassword(options));
  return router;
}

function requestReset({ __context__, origin }: __Schema__RoutesOptions): RequestHandler {
  return async function requestReset(req, res) {
    const __schema__ = __context__.get__Schema__ByEmail(formField(req, "email"));
    if (__schema__) await __context__.deliver__Schema__ResetPasswordInstructions(__schema__, (token) => `${origin}${RESET_PATH}/${token}`);
    putFlash(req, "info", SENT);
    res.redirect(302, "/");
  };
}

function showNewPasswordForm({ __context__ }: __Schema__RoutesOptions): RequestHandler {
  return function showNewPasswordForm(req, res) {
    const token = routeParam(req, "token");
    if (!__context__.get__Schema__ByResetPasswordToken(token)) return invalidLink(req, res);
    newPasswordPage(req, res, { token, errors: {} });
  };
}

function resetPassword({ __context__, __schema__Auth }: __Schema__RoutesOptions): RequestHandler {
  return async function resetPassword(req, res) {
    const token = routeParam(req, "token");
    const __schema__ = __context__.get__Schema__ByResetPasswordToken(token);
    if (!__schema__) return invalidLink(req, res);
    const reset = { password: formField(req, "password"), passwordConfirmation: formField(req, "password_confirmation") };
    const result = await __context__.reset__Schema__Password(__schema__, reset);
    if (!result.ok) return newPasswordPage(req, res.status(422), { token, errors: result.errors });
    // Whoever had a session — perhaps the person who guessed the old password — is out, sockets too.
    // Nobody is logged in by a reset: the link proves access to the inbox; log-in asks for the new password.
    __schema__Auth.disconnectSessions(result.loginHashes);
    putFlash(req, "info", "Password reset successfully.");
    res.redirect(302, LOG_IN_PATH);
  };
}

function invalidLink(req: Request, res: Response) {
  putFlash(req, "error", "Reset password link is invalid or it has expired.");
  res.redirect(302, "/");
}
