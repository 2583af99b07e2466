/**
 * An app generated with `--magic-link --sudo --devices`, in a real browser: log
 * in by a link from the dev mailbox, then let the clock run past sudo mode's 20
 * minutes and find the settings page asking for a fresh log-in; log another
 * browser out from the settings page's devices.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGeneratedInChromium } from "../gen-auth/support/apps.ts";
import { linkFromMailbox } from "../support/dev-mailbox.ts";
import type { RunningApp } from "../../scripts/harness/start-app.ts";

const MINUTE_IN_MS = 60 * 1000;
const PASSWORD = "correct horse battery staple";

let setup: Awaited<ReturnType<typeof startGeneratedInChromium>>;
let running: RunningApp;
let browser: Browser;
let now = Date.now();
beforeAll(async () => {
  setup = await startGeneratedInChromium("browser-options", ["--magic-link", "--sudo", "--devices"], () => now);
  ({ running, browser } = setup);
}, 120_000);
afterAll(() => setup?.close());

describe("an app generated with --magic-link --sudo --devices in a real browser", () => {
  it("logs in by magic link, then sends a stale log-in from settings to log in again and back", async () => {
    const email = "magic@example.com";
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000); // a missing element fails the step, well within the test's time

    // Register (which logs in) and confirm: a magic link never logs into an unconfirmed account with a password.
    await page.goto(running.url("/users/register"));
    await page.fill('main input[name="email"]', email);
    await page.fill('main input[name="password"]', PASSWORD);
    await page.click("main form button");
    await page.waitForURL(running.url("/"));
    await page.goto(await linkFromMailbox(page, running.url("/dev/mailbox.json"), email, /confirm/i));
    await page.click("main form button");
    await page.waitForURL(running.url("/"));
    expect(await page.textContent("body")).toContain("User confirmed successfully.");

    await page.click("nav form button:has-text('Log out')");
    await page.waitForURL(running.url("/"));
    expect(await page.textContent("body")).toContain("Logged out successfully.");

    // Ask for a link on the log-in page, open it from the mailbox, press the button.
    await page.goto(running.url("/users/log-in"));
    await page.fill("#magic_link_email", email);
    await page.click("button:has-text('Email me a link')");
    await page.waitForURL(running.url("/users/log-in"));
    expect(await page.textContent("body")).toContain("If your email is in our system");
    await page.goto(await linkFromMailbox(page, running.url("/dev/mailbox.json"), email, /log in|log-in|login/i));
    expect(await page.textContent("h1")).toContain(`Welcome ${email}`);
    await page.click("main form button:has-text('Log in')");
    await page.waitForURL(running.url("/"));
    expect(await page.textContent(".current-user"), "the magic link should log the user in").toContain(email);

    // Within 20 minutes the settings page opens; past them, sudo mode asks for a fresh log-in.
    await page.goto(running.url("/users/settings"));
    expect(page.url()).toBe(running.url("/users/settings"));
    now += 21 * MINUTE_IN_MS;
    await page.goto(running.url("/users/settings"));
    expect(page.url(), "a log-in older than 20 minutes should not reach settings").toBe(running.url("/users/log-in"));
    expect(await page.textContent("body")).toContain("You need to reauthenticate to perform sensitive actions");

    await page.fill('main form[action="/users/log-in"] input[name="password"]', PASSWORD);
    await page.click("main form[action='/users/log-in'] button");
    await page.waitForURL(running.url("/users/settings"));
    expect(await page.textContent("h1"), "after logging in again the user should be back on settings").toContain("Account settings");
    await context.close();
  }, 60_000);

  it("logs another browser out from the settings page's devices", async () => {
    const email = "two-browsers@example.com";
    const [laptop, phone] = [await browser.newContext(), await browser.newContext()];
    const here = await laptop.newPage();
    here.setDefaultTimeout(10_000);
    await here.goto(running.url("/users/register"));
    await here.fill('main input[name="email"]', email);
    await here.fill('main input[name="password"]', PASSWORD);
    await here.click("main form button");
    await here.waitForURL(running.url("/"));

    const there = await phone.newPage();
    there.setDefaultTimeout(10_000);
    await there.goto(running.url("/users/log-in"));
    await there.fill('main form[action="/users/log-in"] input[name="email"]', email);
    await there.fill('main form[action="/users/log-in"] input[name="password"]', PASSWORD);
    await there.click("main form[action='/users/log-in'] button");
    await there.waitForURL(running.url("/"));
    expect(await there.textContent(".current-user")).toContain(email);

    await here.goto(running.url("/users/settings"));
    expect(await here.locator("li.device").count(), "the settings page lists both browsers").toBe(2);
    await here.click("button:has-text('Log out all other devices')");
    await here.waitForURL(running.url("/users/settings"));
    expect(await here.textContent("body")).toContain("Logged out of all other devices.");
    expect(await here.locator("li.device").count()).toBe(1);

    await there.reload();
    expect(await there.locator(".current-user").count(), "the other browser should be logged out").toBe(0);
    await laptop.close();
    await phone.close();
  }, 60_000);
});
