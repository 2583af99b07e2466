/** Log in and log out. */
import { Router, type RequestHandler } from "express";
import { formField } from "./forms.ts";
import { logInThrottle } from "./login-throttle.ts";
// without --sudo
import { redirectIf__Schema__IsAuthenticated } from "./__schema_kebab__-auth.ts";
// end --sudo
import type { __Schema__RoutesOptions } from "./__schema_kebab__-routes.ts";
import { logInPage } from "./__schema_kebab__-session-pages.ts";

// One message for an unknown email and a wrong password: the page must not tell which emails have accounts.
const INVALID_CREDENTIALS = "Invalid email or password.";

export function __schema__SessionRoutes(options: __Schema__RoutesOptions): Router {
  const router = Router();
  // with --sudo
  // Open to a logged-in __schema_human__ too: logging in again is how sudo mode is renewed.
  router.get("/__table_kebab__/log-in", (req, res) => logInPage(req, res, { email: res.locals.__assign_key__?.email ?? "" }));
  router.post("/__table_kebab__/log-in", ...logInThrottle(options.clock), logIn(options));
  // without --sudo
  router.get("/__table_kebab__/log-in", redirectIf__Schema__IsAuthenticated, (req, res) => logInPage(req, res, { email: "" }));
  router.post("/__table_kebab__/log-in", redirectIf__Schema__IsAuthenticated, ...logInThrottle(options.clock), logIn(options));
  // end --sudo
  router.post("/__table_kebab__/log-out", logOut(options));
  router.delete("/__table_kebab__/log-out", logOut(options));
  return router;
}

function logIn({ __context__, __schema__Auth }: __Schema__RoutesOptions): RequestHandler {
  return async function logIn(req, res) {
    const email = formField(req, "email");
    const __schema__ = await __context__.get__Schema__ByEmailAndPassword(email, formField(req, "password"));
    if (!__schema__) return logInPage(req, res, { email, error: INVALID_CREDENTIALS });
    const rememberMe = formField(req, "remember_me") === "true";
    await __schema__Auth.logIn__Schema__(req, res, __schema__, { rememberMe, flash: "Welcome back!" });
  };
}

function logOut({ __schema__Auth }: __Schema__RoutesOptions): RequestHandler {
  return (req, res) => __schema__Auth.logOut__Schema__(req, res);
}
