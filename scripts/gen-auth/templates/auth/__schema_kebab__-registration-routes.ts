// with --passwordless
/** Registration with an email only: the emailed link proves the address, confirms the account and logs it in. */
// without --passwordless
/** Registration: a new __schema_human__ is logged in at once and sent a confirmation link. */
// end --passwordless
import { Router, type RequestHandler } from "express";
// with --passwordless
import { putFlash } from "#live";
// end --passwordless
import { formField } from "./forms.ts";
import { emailThrottle } from "./login-throttle.ts";
// with --passwordless
import { LOG_IN_PATH, redirectIf__Schema__IsAuthenticated } from "./__schema_kebab__-auth.ts";
// without --passwordless
import { redirectIf__Schema__IsAuthenticated } from "./__schema_kebab__-auth.ts";
// end --passwordless
import { registrationPage } from "./__schema_kebab__-registration-pages.ts";
import type { __Schema__RoutesOptions } from "./__schema_kebab__-routes.ts";

export function __schema__RegistrationRoutes(options: __Schema__RoutesOptions): Router {
  const router = Router();
  router.get("/__table_kebab__/register", redirectIf__Schema__IsAuthenticated, (req, res) => registrationPage(req, res, { email: "", errors: {} }));
  router.post("/__table_kebab__/register", redirectIf__Schema__IsAuthenticated, ...emailThrottle(options.clock), register(options));
  return router;
}

// with --passwordless
// Nobody is logged in yet: whoever typed the address may not own it. A taken address gets the same
// answer as a new one, and its owner a log-in link: only the inbox tells the two apart.
function register({ __context__, origin }: __Schema__RoutesOptions): RequestHandler {
  return async function register(req, res) {
    const email = formField(req, "email");
    const result = await __context__.register__Schema__({ email });
    const __schema__ = result.ok ? result.__schema__ : __context__.get__Schema__ByEmail(email);
    if (!__schema__) return registrationPage(req, res.status(422), { email, errors: result.ok ? {} : result.errors });
    await __context__.deliver__Schema__LogInInstructions(__schema__, (token) => `${origin}${LOG_IN_PATH}/${token}`);
    putFlash(req, "info", `An email was sent to ${email}, please access it to confirm your account.`);
    res.redirect(302, LOG_IN_PATH);
  };
}
// without --passwordless
function register({ __context__, __schema__Auth, origin }: __Schema__RoutesOptions): RequestHandler {
  return async function register(req, res) {
    const email = formField(req, "email");
    const result = await __context__.register__Schema__({ email, password: formField(req, "password") });
    if (!result.ok) return registrationPage(req, res.status(422), { email, errors: result.errors });
    await __context__.deliver__Schema__ConfirmationInstructions(result.__schema__, (token) => `${origin}/__table_kebab__/confirm/${token}`);
    await __schema__Auth.logIn__Schema__(req, res, result.__schema__, { flash: "Account created successfully!" });
  };
}
// end --passwordless
