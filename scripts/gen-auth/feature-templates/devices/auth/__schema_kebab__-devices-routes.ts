/**
 * The devices section of the settings page: log one device out, or all but
 * this one. Each ends the log-in in the database (its next request is
 * anonymous) and closes its live sockets, by the same login hashes a
 * password change uses. Taking access away needs no sudo mode.
 */
import { Router, type RequestHandler } from "express";
import { putFlash } from "#live";
import type { __Schema__Device } from "../__context_kebab__/devices.ts";
import { routeParam } from "./forms.ts";
import { current__Schema__, requireAuthenticated__Schema__ } from "./__schema_kebab__-auth.ts";
import type { __Schema__RoutesOptions } from "./__schema_kebab__-routes.ts";

declare global {
  namespace Express {
    interface Locals {
      __schema__Devices?: __Schema__Device[]; // for the settings page, set by load__Schema__Devices
    }
  }
}

const SETTINGS_PATH = "/__table_kebab__/settings";
export const DEVICES_PATH = `${SETTINGS_PATH}/devices`;

export function __schema__DevicesRoutes(options: __Schema__RoutesOptions): Router {
  const router = Router();
  router.use(DEVICES_PATH, requireAuthenticated__Schema__);
  router.post(`${DEVICES_PATH}/others/log-out`, logOutOtherDevices(options));
  router.post(`${DEVICES_PATH}/:id/log-out`, logOutDevice(options));
  return router;
}

/** Lists the current __schema_human__'s devices for the settings page. */
export function load__Schema__Devices({ __context__ }: __Schema__RoutesOptions): RequestHandler {
  return function load__Schema__Devices(req, res, next) {
    res.locals.__schema__Devices = __context__.list__Schema__Devices(current__Schema__(res), req.session.__schema__Token);
    next();
  };
}

function logOutDevice({ __context__, __schema__Auth }: __Schema__RoutesOptions): RequestHandler {
  return function logOutDevice(req, res) {
    const id = Number(routeParam(req, "id"));
    const loginHash = Number.isSafeInteger(id) ? __context__.delete__Schema__Device(current__Schema__(res), id) : null;
    if (loginHash === null) {
      putFlash(req, "error", "That device is already logged out.");
    } else {
      __schema__Auth.disconnectSessions([loginHash]);
      putFlash(req, "info", "Device logged out.");
    }
    res.redirect(302, SETTINGS_PATH);
  };
}

function logOutOtherDevices({ __context__, __schema__Auth }: __Schema__RoutesOptions): RequestHandler {
  return function logOutOtherDevices(req, res) {
    const token = req.session.__schema__Token;
    // A log-in resumed from the remember-me cookie has put its token in the session too.
    if (token) __schema__Auth.disconnectSessions(__context__.deleteOther__Schema__SessionTokens(current__Schema__(res), token));
    putFlash(req, "info", "Logged out of all other devices.");
    res.redirect(302, SETTINGS_PATH);
  };
}
