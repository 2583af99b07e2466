/** Confirming an account's email address, and sending the link again. */
import { Router, type RequestHandler } from "express";
import { putFlash } from "#live";
import { formField, routeParam } from "./forms.ts";
import { emailThrottle } from "./login-throttle.ts";
import { confirmPage, resendConfirmationPage } from "./__schema_kebab__-confirmation-pages.ts";
import type { __Schema__RoutesOptions } from "./__schema_kebab__-routes.ts";
import { guardTokenRoute } from "./token-guards.ts";

const CONFIRM_PATH = "/__table_kebab__/confirm";
// The same answer whether or not the address has an account: only its inbox can tell.
const RESENT =
  "If your email is in our system and it has not been confirmed yet, you will receive an email with instructions shortly.";

export function __schema__ConfirmationRoutes(options: __Schema__RoutesOptions): Router {
  const router = Router();
  const guardToken = guardTokenRoute(options.clock);
  router.get(CONFIRM_PATH, (req, res) => resendConfirmationPage(req, res));
  router.post(CONFIRM_PATH, ...emailThrottle(options.clock), resendConfirmation(options));
  // A GET shows a button and the POST confirms: mail scanners that open links change nothing.
  router.get(`${CONFIRM_PATH}/:token`, ...guardToken, (req, res) => confirmPage(req, res, routeParam(req, "token")));
  router.post(`${CONFIRM_PATH}/:token`, ...guardToken, confirm(options));
  return router;
}

function resendConfirmation({ __context__, origin }: __Schema__RoutesOptions): RequestHandler {
  return async function resendConfirmation(req, res) {
    const __schema__ = __context__.get__Schema__ByEmail(formField(req, "email"));
    if (__schema__) await __context__.deliver__Schema__ConfirmationInstructions(__schema__, (token) => `${origin}${CONFIRM_PATH}/${token}`);
    putFlash(req, "info", RESENT);
    res.redirect(302, "/");
  };
}

function confirm({ __context__ }: __Schema__RoutesOptions): RequestHandler {
  return function confirm(req, res) {
    if (__context__.confirm__Schema__(routeParam(req, "token"))) {
      putFlash(req, "info", "__Schema_human__ confirmed successfully.");
    } else if (!res.locals.__assign_key__?.confirmedAt) {
      // (A confirmed __schema_human__ opening the link a second time needs no error.)
      putFlash(req, "error", "__Schema_human__ confirmation link is invalid or it has expired.");
    }
    res.redirect(302, "/");
  };
}
