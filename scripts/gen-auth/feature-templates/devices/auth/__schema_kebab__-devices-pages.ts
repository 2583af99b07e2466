import type { Request } from "express";
import { html } from "#live";
import type { __Schema__Device } from "../__context_kebab__/devices.ts";
import { csrfField } from "./forms.ts";
import { DEVICES_PATH } from "./__schema_kebab__-devices-routes.ts";

/** The settings page's list of log-ins, each with its own log-out button but this one. */
export function devicesSection(req: Request, devices: __Schema__Device[]) {
  const others = devices.filter((device) => !device.current);
  return html`<section class="devices">
      <h2>Devices</h2>
      <p>Where you are logged in. Logging a device out ends its session and closes its live pages.</p>
      <ul>
        ${devices.map((device) => deviceItem(req, device))}
      </ul>
      ${others.length === 0 ? "" : logOutOthersForm(req)}
    </section>`;
}

function logOutOthersForm(req: Request) {
  return html`<form method="post" action="${DEVICES_PATH}/others/log-out">
      ${csrfField(req)}
      <button type="submit">Log out all other devices</button>
    </form>`;
}

function deviceItem(req: Request, device: __Schema__Device) {
  const times = html`Logged in ${formatTime(device.loggedInAt)}, last used ${formatTime(device.lastUsedAt)}`;
  if (device.current) return html`<li class="device device-current">${times} <strong>(this device)</strong></li>`;
  return html`<li class="device">${times}
      <form method="post" action="${DEVICES_PATH}/${device.id}/log-out" class="device-log-out">
        ${csrfField(req)}
        <button type="submit">Log out this device</button>
      </form>
    </li>`;
}

// UTC, to the minute: "last used" is only kept to the hour anyway.
function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
