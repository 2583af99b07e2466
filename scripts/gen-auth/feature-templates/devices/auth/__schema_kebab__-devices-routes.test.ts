import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { __schema__Fixture, VALID_PASSWORD } from "../__context_kebab__/__context_kebab__-fixtures.ts";
import { isLoggedIn, logInAs, openLiveSocket, startTestApp, type TestApp } from "./test-support.ts";

const DEVICE_LOG_OUT = /action="(\/__table_kebab__\/settings\/devices\/\d+\/log-out)"/g;

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

/** One __schema_human__ logged in twice ("here" on the settings page, and "elsewhere"), and a stranger. */
async function loggedInTwice() {
  const __schema__ = await __schema__Fixture(testApp.__context__);
  const [here, elsewhere, stranger] = [testApp.client(), testApp.client(), testApp.client()];
  await logInAs(here, __schema__.email, VALID_PASSWORD);
  await logInAs(elsewhere, __schema__.email, VALID_PASSWORD);
  const strangerAccount = await __schema__Fixture(testApp.__context__);
  await logInAs(stranger, strangerAccount.email, VALID_PASSWORD);
  const settings = await here.get("/__table_kebab__/settings");
  return { here, elsewhere, stranger, strangerAccount, settings };
}

/** The log-out buttons' form actions on a settings page. */
function deviceLogOutActions(page: string): string[] {
  return [...page.matchAll(DEVICE_LOG_OUT)].map((match) => match[1]!);
}

describe("the settings page's devices section", () => {
  it("lists both log-ins, marks this one, and offers a log-out button for the other only", async () => {
    const { settings } = await loggedInTwice();
    expect(settings.status).toBe(200);
    expect(settings.body.match(/<li class="device/g), "one entry per log-in of this __schema_human__").toHaveLength(2);
    expect(settings.body).toContain("(this device)");
    expect(deviceLogOutActions(settings.body)).toHaveLength(1);
    expect(settings.body).toContain("Log out all other devices");
  });
});

describe("POST /__table_kebab__/settings/devices/:id/log-out", () => {
  it("logs that device out and closes its live sockets; this device and the stranger stay", async () => {
    const { here, elsewhere, stranger, settings } = await loggedInTwice();
    const sockets = { elsewhere: await openLiveSocket(elsewhere), stranger: await openLiveSocket(stranger) };
    await here.get("/__table_kebab__/settings");
    const reply = await here.post(deviceLogOutActions(settings.body)[0]!, {});
    expect((await here.follow(reply)).body).toContain("Device logged out.");
    expect(await sockets.elsewhere.closed(), "the device's socket should close").toBe(4401);
    expect(await isLoggedIn(elsewhere), "the device should be logged out").toBe(false);
    expect(await isLoggedIn(here)).toBe(true);
    expect(await sockets.stranger.stillOpen()).toBe(true);
    expect(await isLoggedIn(stranger)).toBe(true);
    sockets.stranger.close();
  });

  it("cannot log out another __schema_human__'s device", async () => {
    const { here, stranger, strangerAccount } = await loggedInTwice();
    const [strangersDevice] = testApp.__context__.list__Schema__Devices(strangerAccount, undefined);
    await here.get("/__table_kebab__/settings");
    const reply = await here.post(`/__table_kebab__/settings/devices/${strangersDevice!.id}/log-out`, {});
    expect((await here.follow(reply)).body).toContain("That device is already logged out.");
    expect(await isLoggedIn(stranger), "the stranger stays logged in").toBe(true);
  });

  it("needs the CSRF token", async () => {
    const { here, elsewhere, settings } = await loggedInTwice();
    expect((await here.post(deviceLogOutActions(settings.body)[0]!, { _csrf: null })).status).toBe(403);
    expect(await isLoggedIn(elsewhere)).toBe(true);
  });

  it("needs a logged-in __schema_human__", async () => {
    const client = testApp.client();
    await client.get("/__table_kebab__/log-in");
    const reply = await client.post("/__table_kebab__/settings/devices/1/log-out", {});
    expect(reply.location).toBe("/__table_kebab__/log-in");
  });
});

describe("POST /__table_kebab__/settings/devices/others/log-out", () => {
  it("logs out every other device of this __schema_human__, closes their sockets, and keeps this one", async () => {
    const { here, elsewhere, stranger } = await loggedInTwice();
    const sockets = { here: await openLiveSocket(here), elsewhere: await openLiveSocket(elsewhere), stranger: await openLiveSocket(stranger) };
    await here.get("/__table_kebab__/settings");
    const page = await here.follow(await here.post("/__table_kebab__/settings/devices/others/log-out", {}));
    expect(page.body).toContain("Logged out of all other devices.");
    expect(page.body.match(/<li class="device/g), "only this device is left").toHaveLength(1);
    expect(await sockets.elsewhere.closed()).toBe(4401);
    expect(await isLoggedIn(elsewhere)).toBe(false);
    expect(await sockets.here.stillOpen(), "this device's socket stays open").toBe(true);
    expect(await sockets.stranger.stillOpen()).toBe(true);
    expect(await isLoggedIn(stranger)).toBe(true);
    sockets.here.close();
    sockets.stranger.close();
  });
});
