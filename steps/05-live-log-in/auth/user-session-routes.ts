/**
 * Log in and log out over HTTP. GET /users/log-in is the live log-in view
 * (views/log-in-live.ts): its form posts here once the socket has checked it,
 * because only an HTTP response can renew the session and set its cookie.
 */
import { Router, type RequestHandler } from "express";
import { formField } from "./forms.ts";
import { redirectIfUserIsAuthenticated } from "./user-auth.ts";
import type { UserRoutesOptions } from "./user-routes.ts";
import { logInPage } from "./user-session-pages.ts";

// One message for an unknown email and a wrong password: the page must not tell which emails have accounts.
const INVALID_CREDENTIALS = "Invalid email or password.";

export function userSessionRoutes(options: UserRoutesOptions): Router {
  const router = Router();
  router.post("/users/log-in", redirectIfUserIsAuthenticated, ...options.logInThrottle.middleware, logIn(options));
  router.post("/users/log-out", logOut(options));
  router.delete("/users/log-out", logOut(options));
  return router;
}

function logIn({ accounts, userAuth }: UserRoutesOptions): RequestHandler {
  return async function logIn(req, res) {
    const email = formField(req, "email");
    const user = await accounts.getUserByEmailAndPassword(email, formField(req, "password"));
    // The socket cannot check a password without becoming a guessing channel beside the throttle,
    // so a wrong one is only found here, and answered with the plain form (it works without a script).
    if (!user) return logInPage(req, res, { email, error: INVALID_CREDENTIALS });
    const rememberMe = formField(req, "remember_me") === "true";
    await userAuth.logInUser(req, res, user, { rememberMe, flash: "Welcome back!" });
  };
}

function logOut({ userAuth }: UserRoutesOptions): RequestHandler {
  return (req, res) => userAuth.logOutUser(req, res);
}
