/** Registration: a new user is logged in at once and sent a confirmation link. */
import { Router, type RequestHandler } from "express";
import { formField } from "./forms.ts";
import { emailThrottle } from "./login-throttle.ts";
import { redirectIfUserIsAuthenticated } from "./user-auth.ts";
import { registrationPage } from "./user-registration-pages.ts";
import type { UserRoutesOptions } from "./user-routes.ts";

export function userRegistrationRoutes(options: UserRoutesOptions): Router {
  const router = Router();
  router.get("/users/register", redirectIfUserIsAuthenticated, (req, res) => registrationPage(req, res, { email: "", errors: {} }));
  router.post("/users/register", redirectIfUserIsAuthenticated, ...emailThrottle(options.clock), register(options));
  return router;
}

function register({ accounts, userAuth, origin }: UserRoutesOptions): RequestHandler {
  return async function register(req, res) {
    const email = formField(req, "email");
    const result = await accounts.registerUser({ email, password: formField(req, "password") });
    if (!result.ok) return registrationPage(req, res.status(422), { email, errors: result.errors });
    await accounts.deliverUserConfirmationInstructions(result.user, (token) => `${origin}/users/confirm/${token}`);
    await userAuth.logInUser(req, res, result.user, { flash: "Account created successfully!" });
  };
}
