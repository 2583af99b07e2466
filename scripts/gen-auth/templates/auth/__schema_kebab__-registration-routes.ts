/** Registration: a new __schema_human__ is logged in at once and sent a confirmation link. */
import { Router, type RequestHandler } from "express";
import { formField } from "./forms.ts";
import { emailThrottle } from "./login-throttle.ts";
import { redirectIf__Schema__IsAuthenticated } from "./__schema_kebab__-auth.ts";
import { registrationPage } from "./__schema_kebab__-registration-pages.ts";
import type { __Schema__RoutesOptions } from "./__schema_kebab__-routes.ts";

export function __schema__RegistrationRoutes(options: __Schema__RoutesOptions): Router {
  const router = Router();
  router.get("/__table_kebab__/register", redirectIf__Schema__IsAuthenticated, (req, res) => registrationPage(req, res, { email: "", errors: {} }));
  router.post("/__table_kebab__/register", redirectIf__Schema__IsAuthenticated, ...emailThrottle(options.clock), register(options));
  return router;
}

function register({ __context__, __schema__Auth, origin }: __Schema__RoutesOptions): RequestHandler {
  return async function register(req, res) {
    const email = formField(req, "email");
    const result = await __context__.register__Schema__({ email, password: formField(req, "password") });
    if (!result.ok) return registrationPage(req, res.status(422), { email, errors: result.errors });
    await __context__.deliver__Schema__ConfirmationInstructions(result.__schema__, (token) => `${origin}/__table_kebab__/confirm/${token}`);
    await __schema__Auth.logIn__Schema__(req, res, result.__schema__, { flash: "Account created successfully!" });
  };
}
