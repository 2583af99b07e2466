/** Settings: change the email (confirmed by a link to the new address) or the password. */
import { Router, type RequestHandler } from "express";
import { putFlash } from "#live";
import { formField, routeParam } from "./forms.ts";
import { emailThrottle } from "./login-throttle.ts";
import { current__Schema__, requireAuthenticated__Schema__ } from "./__schema_kebab__-auth.ts";
import type { __Schema__RoutesOptions } from "./__schema_kebab__-routes.ts";
import { confirmEmailPage, settingsPage } from "./__schema_kebab__-settings-pages.ts";
import { guardTokenRoute } from "./token-guards.ts";
// with --sudo
import { requireSudoMode } from "./__schema_kebab__-sudo-mode.ts";
// end --sudo
// with --devices
import { load__Schema__Devices } from "./__schema_kebab__-devices-routes.ts";
// end --devices

const SETTINGS_PATH = "/__table_kebab__/settings";
// with --passwordless

declare global {
  namespace Express {
    interface Locals {
      __schema__HasPassword?: boolean; // for the settings page: an account registered by email only has none yet
    }
  }
}
// end --passwordless

export function __schema__SettingsRoutes(options: __Schema__RoutesOptions): Router {
  const router = Router();
  const guardToken = guardTokenRoute(options.clock);
  router.use(SETTINGS_PATH, requireAuthenticated__Schema__);
  // with --sudo
  // Changing the email or the password needs a recent log-in; confirming an emailed link does not.
  router.all([SETTINGS_PATH, `${SETTINGS_PATH}/email`, `${SETTINGS_PATH}/password`], requireSudoMode(options.__context__));
  // end --sudo
  // with --devices
  // Every render of the settings page lists the devices, a failed form's included.
  router.all([SETTINGS_PATH, `${SETTINGS_PATH}/email`, `${SETTINGS_PATH}/password`], load__Schema__Devices(options));
  // end --devices
  // with --passwordless
  router.all([SETTINGS_PATH, `${SETTINGS_PATH}/email`, `${SETTINGS_PATH}/password`], (_req, res, next) => {
    res.locals.__schema__HasPassword = options.__context__.has__Schema__Password(current__Schema__(res));
    next();
  });
  // end --passwordless
  router.get(SETTINGS_PATH, (req, res) => settingsPage(req, res, {}));
  router.post(`${SETTINGS_PATH}/email`, ...emailThrottle(options.clock), updateEmail(options));
  router.post(`${SETTINGS_PATH}/password`, updatePassword(options));
  // The emailed link opens a page with a button: a GET never changes anything
  // (mail scanners open links), so the change happens on the POST.
  router.get(`${SETTINGS_PATH}/confirm-email/:token`, ...guardToken, (req, res) => confirmEmailPage(req, res, routeParam(req, "token")));
  router.post(`${SETTINGS_PATH}/confirm-email/:token`, ...guardToken, confirmEmail(options));
  return router;
}

function updateEmail({ __context__, origin }: __Schema__RoutesOptions): RequestHandler {
  return async function updateEmail(req, res) {
    const change = { email: formField(req, "email"), currentPassword: formField(req, "current_password") };
    const urlFor = (token: string) => `${origin}${SETTINGS_PATH}/confirm-email/${token}`;
    const result = await __context__.deliver__Schema__UpdateEmailInstructions(current__Schema__(res), change, urlFor);
    if (!result.ok) return settingsPage(req, res.status(422), { email: { value: change.email, errors: result.errors } });
    putFlash(req, "info", "A link to confirm your email change has been sent to the new address.");
    res.redirect(302, SETTINGS_PATH);
  };
}

function updatePassword({ __context__, __schema__Auth }: __Schema__RoutesOptions): RequestHandler {
  return async function updatePassword(req, res) {
    const result = await __context__.update__Schema__Password(current__Schema__(res), {
      password: formField(req, "password"),
      passwordConfirmation: formField(req, "password_confirmation"),
      currentPassword: formField(req, "current_password"),
    });
    if (!result.ok) return settingsPage(req, res.status(422), { password: { errors: result.errors } });
    // Every session of this __schema_human__ just ended, this one included: close
    // their sockets, then log in afresh here, with a new session id.
    __schema__Auth.disconnectSessions(result.loginHashes);
    await __schema__Auth.logIn__Schema__(req, res, result.__schema__, { flash: "Password updated successfully.", returnTo: SETTINGS_PATH });
  };
}

function confirmEmail({ __context__ }: __Schema__RoutesOptions): RequestHandler {
  return function confirmEmail(req, res) {
    const changed = __context__.apply__Schema__Email(current__Schema__(res), routeParam(req, "token"));
    if (changed) putFlash(req, "info", "Email changed successfully.");
    else putFlash(req, "error", "Email change link is invalid or it has expired.");
    res.redirect(302, SETTINGS_PATH);
  };
}
