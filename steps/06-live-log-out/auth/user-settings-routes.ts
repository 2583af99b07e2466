/**
 * Settings: change the email (confirmed by a link to the new address) or the
 * password, and log out every other device.
 */
import { Router, type RequestHandler } from "express";
import { putFlash } from "#live";
import { formField, routeParam } from "./forms.ts";
import { emailThrottle } from "./login-throttle.ts";
import { currentUser, requireAuthenticatedUser } from "./user-auth.ts";
import type { UserRoutesOptions } from "./user-routes.ts";
import { confirmEmailPage, settingsPage } from "./user-settings-pages.ts";
import { guardTokenRoute } from "./token-guards.ts";

const SETTINGS_PATH = "/users/settings";

export function userSettingsRoutes(options: UserRoutesOptions): Router {
  const router = Router();
  const guardToken = guardTokenRoute(options.clock);
  router.use(SETTINGS_PATH, requireAuthenticatedUser);
  router.get(SETTINGS_PATH, (req, res) => settingsPage(req, res, {}));
  router.post(`${SETTINGS_PATH}/email`, ...emailThrottle(options.clock), updateEmail(options));
  router.post(`${SETTINGS_PATH}/password`, updatePassword(options));
  router.post(`${SETTINGS_PATH}/log-out-other-devices`, logOutOtherDevices(options));
  // The emailed link opens a page with a button: a GET never changes anything
  // (mail scanners open links), so the change happens on the POST.
  router.get(`${SETTINGS_PATH}/confirm-email/:token`, ...guardToken, (req, res) => confirmEmailPage(req, res, routeParam(req, "token")));
  router.post(`${SETTINGS_PATH}/confirm-email/:token`, ...guardToken, confirmEmail(options));
  return router;
}

function updateEmail({ accounts, origin }: UserRoutesOptions): RequestHandler {
  return async function updateEmail(req, res) {
    const change = { email: formField(req, "email"), currentPassword: formField(req, "current_password") };
    const urlFor = (token: string) => `${origin}${SETTINGS_PATH}/confirm-email/${token}`;
    const result = await accounts.deliverUserUpdateEmailInstructions(currentUser(res), change, urlFor);
    if (!result.ok) return settingsPage(req, res.status(422), { email: { value: change.email, errors: result.errors } });
    putFlash(req, "info", "A link to confirm your email change has been sent to the new address.");
    res.redirect(302, SETTINGS_PATH);
  };
}

function updatePassword({ accounts, userAuth }: UserRoutesOptions): RequestHandler {
  return async function updatePassword(req, res) {
    const result = await accounts.updateUserPassword(currentUser(res), {
      password: formField(req, "password"),
      passwordConfirmation: formField(req, "password_confirmation"),
      currentPassword: formField(req, "current_password"),
    });
    if (!result.ok) return settingsPage(req, res.status(422), { password: { errors: result.errors } });
    // Every session of this user just ended, this one included: close
    // their sockets, then log in afresh here, with a new session id.
    userAuth.disconnectSessions(result.loginHashes);
    await userAuth.logInUser(req, res, result.user, { flash: "Password updated successfully.", returnTo: SETTINGS_PATH });
  };
}

// A phone left logged in, a shared computer: end those log-ins, and their open pages, from here.
function logOutOtherDevices({ userAuth }: UserRoutesOptions): RequestHandler {
  return function logOutOtherDevices(req, res) {
    const ended = userAuth.logOutOtherSessions(req, res);
    putFlash(req, "info", ended === 0 ? "No other device was logged in." : "Logged out of every other device.");
    res.redirect(302, SETTINGS_PATH);
  };
}

function confirmEmail({ accounts }: UserRoutesOptions): RequestHandler {
  return function confirmEmail(req, res) {
    const changed = accounts.applyUserEmail(currentUser(res), routeParam(req, "token"));
    if (changed) putFlash(req, "info", "Email changed successfully.");
    else putFlash(req, "error", "Email change link is invalid or it has expired.");
    res.redirect(302, SETTINGS_PATH);
  };
}
