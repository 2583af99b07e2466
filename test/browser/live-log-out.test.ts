/**
 * Logging out from a live page, in Debian's Chromium: the tab that logs out
 * follows the POST's redirect to / and shows the flash, while every other tab
 * of that browser, told by its socket's close, lands on the log-in page by itself.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStepInChromium } from "../support/browser.ts";
import type { RunningApp } from "../../scripts/harness/start-app.ts";

const LOGGED_OUT = "Logged out successfully.";
const MUST_LOG_IN = "You must log in to access this page.";

let running: RunningApp;
let browser: Browser;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ running, browser, close } = await startStepInChromium("last", "browser-log-out"));
});
afterAll(() => close?.());

let agents = 0;

/** A browser (one cookie jar) with a registered, logged-in agent. */
async function loggedInBrowser(): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(running.url("/users/register"));
  await page.fill('input[name="email"]', `tab-${process.pid}-${++agents}@example.com`);
  await page.fill('input[name="password"]', "correct horse battery staple");
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/users/register")), page.click("main form button")]);
  await page.close();
  return context;
}

async function openConnected(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(running.url(path));
  await page.locator('[data-live-root][data-live-state="connected"]').waitFor({ timeout: 10_000 });
  return page;
}

async function logOut(page: Page) {
  await page.click('form[action="/users/log-out"] button');
}

describe("logging out from a live page", () => {
  for (const path of ["/mission", "/counter"]) {
    it(`lands on / with "${LOGGED_OUT}" from ${path}, and stays there`, async () => {
      const context = await loggedInBrowser();
      const page = await openConnected(context, path);
      await logOut(page);
      await page.waitForURL(running.url("/"), { timeout: 5_000 });
      await page.locator(`text=${LOGGED_OUT}`).waitFor({ timeout: 5_000 });
      await page.waitForTimeout(500); // a late reload would take the page elsewhere
      expect(new URL(page.url()).pathname, `logging out from ${path} should stay on /`).toBe("/");
      expect(await page.textContent("body")).toContain(LOGGED_OUT);
      await context.close();
    });
  }

  it("sends the browser's other live tabs to the log-in page, without a manual reload", async () => {
    const context = await loggedInBrowser();
    const other = await openConnected(context, "/briefing");
    const mission = await openConnected(context, "/mission");
    await logOut(mission);
    await mission.waitForURL(running.url("/"), { timeout: 5_000 });
    await other.waitForURL(running.url("/users/log-in"), { timeout: 5_000 });
    await other.locator(`text=${MUST_LOG_IN}`).waitFor({ timeout: 5_000 });
    await mission.locator(`text=${LOGGED_OUT}`).waitFor({ timeout: 5_000 });
    await mission.waitForTimeout(500);
    expect(new URL(mission.url()).pathname, "the tab that logged out stays on /").toBe("/");
    await context.close();
  });
});

describe("changing the password in one tab", () => {
  it("closes the browser's live tabs, which reload with the renewed session and stay logged in", async () => {
    const context = await loggedInBrowser();
    const mission = await openConnected(context, "/mission");
    await mission.evaluate(() => ((window as unknown as { marker: string }).marker = "before the change"));
    const settings = await context.newPage();
    await settings.goto(running.url("/users/settings"));
    await settings.fill('input[name="password"]', "correct horse battery staple 2");
    await settings.fill('input[name="password_confirmation"]', "correct horse battery staple 2");
    await settings.fill("#password_current_password", "correct horse battery staple");
    await Promise.all([
      settings.waitForResponse((r) => r.url().endsWith("/users/settings/password")),
      settings.click('form[action="/users/settings/password"] button'),
    ]);
    await settings.locator("text=Password updated successfully.").waitFor({ timeout: 5_000 });
    // The old socket held a token the change deleted: it is closed, and the tab reloads by itself.
    await mission.waitForFunction(() => !(window as unknown as { marker?: string }).marker, null, { timeout: 5_000 });
    await mission.locator('[data-live-root][data-live-state="connected"]').waitFor({ timeout: 10_000 });
    expect(new URL(mission.url()).pathname, "the reloaded tab should still be on the mission").toBe("/mission");
    await context.close();
  });
});
