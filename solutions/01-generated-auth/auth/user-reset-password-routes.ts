/** Resetting a forgotten password: ask for a link, then set a new password from it. */
import { Router, type Request, type RequestHandler, type Response } from "express";
import { putFlash } from "#live";
import { formField, routeParam } from "./forms.ts";
import { emailThrottle } from "./login-throttle.ts";
import { LOG_IN_PATH, redirectIfUserIsAuthenticated } from "./user-auth.ts";
import { newPasswordPage, resetPasswordRequestPage } from "./user-reset-password-pages.ts";
import type { UserRoutesOptions } from "./user-routes.ts";
import { guardTokenRoute } from "./token-guards.ts";

const RESET_PATH = "/users/reset-password";
// The same answer whether or not the address has an account: only its inbox can tell.
const SENT = "If your email is in our system, you will receive instructions to reset your password shortly.";

export function userResetPasswordRoutes(options: UserRoutesOptions): Router {
  const router = Router();
  const guardToken = guardTokenRoute(options.clock);
  // As phx.gen.auth: whoever is logged in knows the password, and changes it in the settings.
  const loggedOut = redirectIfUserIsAuthenticated;
  router.get(RESET_PATH, loggedOut, (req, res) => resetPasswordRequestPage(req, res));
  router.post(RESET_PATH, loggedOut, ...emailThrottle(options.clock), requestReset(options));
  router.get(`${RESET_PATH}/:token`, loggedOut, ...guardToken, showNewPasswordForm(options));
  router.post(`${RESET_PATH}/:token`, loggedOut, ...guardToken, resetPassword(options));
  return router;
}

function requestReset({ accounts, origin }: UserRoutesOptions): RequestHandler {
  return async function requestReset(req, res) {
    const user = accounts.getUserByEmail(formField(req, "email"));
    if (user) await accounts.deliverUserResetPasswordInstructions(user, (token) => `${origin}${RESET_PATH}/${token}`);
    putFlash(req, "info", SENT);
    res.redirect(302, "/");
  };
}

function showNewPasswordForm({ accounts }: UserRoutesOptions): RequestHandler {
  return function showNewPasswordForm(req, res) {
    const token = routeParam(req, "token");
    if (!accounts.getUserByResetPasswordToken(token)) return invalidLink(req, res);
    newPasswordPage(req, res, { token, errors: {} });
  };
}

function resetPassword({ accounts, userAuth }: UserRoutesOptions): RequestHandler {
  return async function resetPassword(req, res) {
    const token = routeParam(req, "token");
    const user = accounts.getUserByResetPasswordToken(token);
    if (!user) return invalidLink(req, res);
    const reset = { password: formField(req, "password"), passwordConfirmation: formField(req, "password_confirmation") };
    const result = await accounts.resetUserPassword(user, reset);
    if (!result.ok) return newPasswordPage(req, res.status(422), { token, errors: result.errors });
    // Whoever had a session — perhaps the person who guessed the old password — is out, sockets too.
    // Nobody is logged in by a reset: the link proves access to the inbox; log-in asks for the new password.
    userAuth.disconnectSessions(result.loginHashes);
    putFlash(req, "info", "Password reset successfully.");
    res.redirect(302, LOG_IN_PATH);
  };
}

function invalidLink(req: Request, res: Response) {
  putFlash(req, "error", "Reset password link is invalid or it has expired.");
  res.redirect(302, "/");
}
