/**
 * Registration over HTTP: a new user is logged in at once and sent a
 * confirmation link. GET /users/register is the live registration view
 * (views/registration-live.ts); its form posts here once the socket has validated it.
 */
import { Router, type RequestHandler } from "express";
import { formField } from "./forms.ts";
import { emailThrottle } from "./login-throttle.ts";
import { redirectIfUserIsAuthenticated } from "./user-auth.ts";
import { registrationPage } from "./user-registration-pages.ts";
import type { UserRoutesOptions } from "./user-routes.ts";

const FIRST_PAGE_PATH = "/mission"; // a new agent goes straight to their mission

export function userRegistrationRoutes(options: UserRoutesOptions): Router {
  const router = Router();
  router.post("/users/register", redirectIfUserIsAuthenticated, ...emailThrottle(options.clock), register(options));
  return router;
}

function register({ accounts, userAuth, origin }: UserRoutesOptions): RequestHandler {
  return async function register(req, res) {
    const email = formField(req, "email");
    const result = await accounts.registerUser({ email, password: formField(req, "password") });
    // The socket checked the format; only what needs the database (a taken email) fails here.
    if (!result.ok) return registrationPage(req, res.status(422), { email, errors: result.errors });
    await accounts.deliverUserConfirmationInstructions(result.user, (token) => `${origin}/users/confirm/${token}`);
    const returnTo = req.session.userReturnTo ?? FIRST_PAGE_PATH;
    await userAuth.logInUser(req, res, result.user, { flash: "Account created successfully!", returnTo });
  };
}
