/** Log in and log out. */
import { Router, type RequestHandler } from "express";
import { formField } from "./forms.ts";
import { logInThrottle } from "./login-throttle.ts";
import { redirectIfUserIsAuthenticated } from "./user-auth.ts";
import type { UserRoutesOptions } from "./user-routes.ts";
import { logInPage } from "./user-session-pages.ts";

// One message for an unknown email and a wrong password: the page must not tell which emails have accounts.
const INVALID_CREDENTIALS = "Invalid email or password.";

export function userSessionRoutes(options: UserRoutesOptions): Router {
  const router = Router();
  router.get("/users/log-in", redirectIfUserIsAuthenticated, (req, res) => logInPage(req, res, { email: "" }));
  router.post("/users/log-in", redirectIfUserIsAuthenticated, ...logInThrottle(options.clock), logIn(options));
  router.post("/users/log-out", logOut(options));
  router.delete("/users/log-out", logOut(options));
  return router;
}

function logIn({ accounts, userAuth }: UserRoutesOptions): RequestHandler {
  return async function logIn(req, res) {
    const email = formField(req, "email");
    const user = await accounts.getUserByEmailAndPassword(email, formField(req, "password"));
    if (!user) return logInPage(req, res, { email, error: INVALID_CREDENTIALS });
    const rememberMe = formField(req, "remember_me") === "true";
    await userAuth.logInUser(req, res, user, { rememberMe, flash: "Welcome back!" });
  };
}

function logOut({ userAuth }: UserRoutesOptions): RequestHandler {
  return (req, res) => userAuth.logOutUser(req, res);
}
