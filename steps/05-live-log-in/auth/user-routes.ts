/**
 * Every route of the generated auth, under /users/ (and /dev/mailbox
 * outside production). Each file below holds one feature's routes; its pages
 * are in the matching *-pages.ts file.
 */
import { Router } from "express";
import type { Accounts } from "../accounts/accounts.ts";
import type { DevMailbox } from "./dev-mailbox.ts";
import type { LogInThrottle } from "./login-throttle.ts";
import { userConfirmationRoutes } from "./user-confirmation-routes.ts";
import { userRegistrationRoutes } from "./user-registration-routes.ts";
import { userResetPasswordRoutes } from "./user-reset-password-routes.ts";
import { userSessionRoutes } from "./user-session-routes.ts";
import { userSettingsRoutes } from "./user-settings-routes.ts";
import type { UserAuth } from "./user-auth.ts";

export type UserRoutesOptions = {
  accounts: Accounts;
  userAuth: UserAuth;
  origin: string; // links in emails are built from this, never from the request's Host header
  clock: () => number;
  mailbox: DevMailbox | null;
  logInThrottle: LogInThrottle; // shared with the live log-in form, which asks it before submitting
};

export function userRoutes(options: UserRoutesOptions): Router {
  const router = Router();
  router.use(userSessionRoutes(options));
  router.use(userRegistrationRoutes(options));
  router.use(userSettingsRoutes(options));
  router.use(userConfirmationRoutes(options));
  router.use(userResetPasswordRoutes(options));
  if (options.mailbox) router.use(options.mailbox.router);
  return router;
}
