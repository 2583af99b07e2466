/** Confirming an account's email address, and sending the link again. */
import { Router, type RequestHandler } from "express";
import { putFlash } from "#live";
import { formField, routeParam } from "./forms.ts";
import { emailThrottle } from "./login-throttle.ts";
import { confirmPage, resendConfirmationPage } from "./user-confirmation-pages.ts";
import type { UserRoutesOptions } from "./user-routes.ts";
import { guardTokenRoute } from "./token-guards.ts";

const CONFIRM_PATH = "/users/confirm";
// The same answer whether or not the address has an account: only its inbox can tell.
const RESENT =
  "If your email is in our system and it has not been confirmed yet, you will receive an email with instructions shortly.";

export function userConfirmationRoutes(options: UserRoutesOptions): Router {
  const router = Router();
  const guardToken = guardTokenRoute(options.clock);
  router.get(CONFIRM_PATH, (req, res) => resendConfirmationPage(req, res));
  router.post(CONFIRM_PATH, ...emailThrottle(options.clock), resendConfirmation(options));
  // A GET shows a button and the POST confirms: mail scanners that open links change nothing.
  router.get(`${CONFIRM_PATH}/:token`, ...guardToken, (req, res) => confirmPage(req, res, routeParam(req, "token")));
  router.post(`${CONFIRM_PATH}/:token`, ...guardToken, confirm(options));
  return router;
}

function resendConfirmation({ accounts, origin }: UserRoutesOptions): RequestHandler {
  return async function resendConfirmation(req, res) {
    const user = accounts.getUserByEmail(formField(req, "email"));
    if (user) await accounts.deliverUserConfirmationInstructions(user, (token) => `${origin}${CONFIRM_PATH}/${token}`);
    putFlash(req, "info", RESENT);
    res.redirect(302, "/");
  };
}

function confirm({ accounts }: UserRoutesOptions): RequestHandler {
  return function confirm(req, res) {
    if (accounts.confirmUser(routeParam(req, "token"))) {
      putFlash(req, "info", "User confirmed successfully.");
    } else if (!res.locals.currentUser?.confirmedAt) {
      // (A confirmed user opening the link a second time needs no error.)
      putFlash(req, "error", "User confirmation link is invalid or it has expired.");
    }
    res.redirect(302, "/");
  };
}
