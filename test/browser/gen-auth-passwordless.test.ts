/**
 * An app generated with `--passwordless`, in a real browser: register with an
 * email only, confirm and log in through the link in the dev mailbox, set a
 * password in the settings, then log in with it.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGeneratedInChromium } from "../gen-auth/support/apps.ts";
import { linkFromMailbox } from "../support/dev-mailbox.ts";
import type { RunningApp } from "../../scripts/harness/start-app.ts";

const PASSWORD = "a password chosen later, long enough";

let setup: Awaited<ReturnType<typeof startGeneratedInChromium>>;
let running: RunningApp;
let browser: Browser;
beforeAll(async () => {
  setup = await startGeneratedInChromium("browser-passwordless", ["--passwordless"]);
  ({ running, browser } = setup);
}, 120_000);
afterAll(() => setup?.close());

describe("an app generated with --passwordless in a real browser", () => {
  it("registers with an email only, logs in by the emailed link, and sets a password later", async () => {
    const email = "no-password-yet@example.com";
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);

    await page.goto(running.url("/users/register"));
    expect(await page.locator('main input[name="password"]').count(), "the form asks for no password").toBe(0);
    await page.fill('main input[name="email"]', email);
    await page.click("main form button");
    await page.waitForURL(running.url("/users/log-in"));
    expect(await page.textContent("body")).toContain(`An email was sent to ${email}`);
    expect(await page.locator(".current-user").count(), "registering logs nobody in").toBe(0);

    await page.goto(await linkFromMailbox(page, running.url("/dev/mailbox.json"), email));
    await page.click("main form button:has-text('Confirm my account and log in')");
    await page.waitForURL(running.url("/"));
    expect(await page.textContent(".current-user")).toContain(email);

    await page.goto(running.url("/users/settings"));
    expect(await page.textContent("body")).toContain("Set a password");
    expect(await page.locator('main input[name="current_password"]').count(), "there is no current password to ask for").toBe(0);
    await page.fill('main form[action="/users/settings/password"] input[name="password"]', PASSWORD);
    await page.fill('main form[action="/users/settings/password"] input[name="password_confirmation"]', PASSWORD);
    await page.click("main form[action='/users/settings/password'] button");
    await page.waitForURL(running.url("/users/settings"));
    expect(await page.textContent("body")).toContain("Password updated successfully.");

    await page.click("nav form button:has-text('Log out')");
    await page.waitForURL(running.url("/"));
    await page.goto(running.url("/users/log-in"));
    await page.fill('main form[action="/users/log-in"] input[name="email"]', email);
    await page.fill('main form[action="/users/log-in"] input[name="password"]', PASSWORD);
    await page.click("main form[action='/users/log-in'] button");
    await page.waitForURL(running.url("/"));
    expect(await page.textContent(".current-user"), "the password set in the settings logs in").toContain(email);
    await context.close();
  }, 60_000);
});
