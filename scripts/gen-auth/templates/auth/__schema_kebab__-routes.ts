/**
 * Every route of the generated auth, under /__table_kebab__/ (and /dev/mailbox
 * outside production). Each file below holds one feature's routes; its pages
 * are in the matching *-pages.ts file.
 */
import { Router } from "express";
import type { __Context__ } from "../__context_kebab__/__context_kebab__.ts";
import type { DevMailbox } from "./dev-mailbox.ts";
// with --magic-link
import { __schema__MagicLinkRoutes } from "./__schema_kebab__-magic-link-routes.ts";
// end --magic-link
// with --devices
import { __schema__DevicesRoutes } from "./__schema_kebab__-devices-routes.ts";
// end --devices
import { __schema__ConfirmationRoutes } from "./__schema_kebab__-confirmation-routes.ts";
import { __schema__RegistrationRoutes } from "./__schema_kebab__-registration-routes.ts";
import { __schema__ResetPasswordRoutes } from "./__schema_kebab__-reset-password-routes.ts";
import { __schema__SessionRoutes } from "./__schema_kebab__-session-routes.ts";
import { __schema__SettingsRoutes } from "./__schema_kebab__-settings-routes.ts";
import type { __Schema__Auth } from "./__schema_kebab__-auth.ts";

export type __Schema__RoutesOptions = {
  __context__: __Context__;
  __schema__Auth: __Schema__Auth;
  origin: string; // links in emails are built from this, never from the request's Host header
  clock: () => number;
  mailbox: DevMailbox | null;
};

export function __schema__Routes(options: __Schema__RoutesOptions): Router {
  const router = Router();
  router.use(__schema__SessionRoutes(options));
  // with --magic-link
  router.use(__schema__MagicLinkRoutes(options));
  // end --magic-link
  router.use(__schema__RegistrationRoutes(options));
  router.use(__schema__SettingsRoutes(options));
  // with --devices
  router.use(__schema__DevicesRoutes(options));
  // end --devices
  router.use(__schema__ConfirmationRoutes(options));
  router.use(__schema__ResetPasswordRoutes(options));
  if (options.mailbox) router.use(options.mailbox.router);
  return router;
}
