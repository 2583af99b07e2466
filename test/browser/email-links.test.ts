/**
 * Pages opened from an emailed link are served with `Referrer-Policy:
 * no-referrer`, so Chromium posts their forms with `Origin: null`. The
 * CSRF check must still recognise them as the app's own (Sec-Fetch-Site
 * says so): resetting a password through the emailed link works end to end.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStepInChromium } from "../support/browser.ts";
import type { RunningApp } from "../../scripts/harness/start-app.ts";

let running: RunningApp;
let browser: Browser;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ running, browser, close } = await startStepInChromium("01", "browser-email-links"));
});
afterAll(() => close?.());

describe("a form on a page an emailed link opened", () => {
  it("resets the password through the emailed link in a real browser", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(running.url("/users/register"));
    await page.fill('input[name="email"]', "reset@example.com");
    await page.fill('input[name="password"]', "correct horse battery staple");
    await Promise.all([page.waitForURL((url) => url.pathname !== "/users/register"), page.click("main form button")]);
    await page.click('form[action="/users/log-out"] button');

    await page.goto(running.url("/users/reset-password"));
    await page.fill('input[name="email"]', "reset@example.com");
    await Promise.all([page.waitForLoadState("load"), page.click("main form button")]);
    const mails = JSON.parse(await (await fetch(running.url("/dev/mailbox.json"))).text()) as { subject: string; text: string }[];
    const link = mails
      .filter((mail) => mail.subject.includes("Reset"))
      .at(-1)
      ?.text.match(/https?:\/\/\S+/)?.[0];
    expect(link, "the reset email should carry a link").toBeTruthy();

    await page.goto(link!);
    await page.fill('input[name="password"]', "another long passphrase");
    await page.fill('input[name="password_confirmation"]', "another long passphrase");
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.click("main form button")]);
    expect(response.status(), "the form of a no-referrer page is the app's own: no 403").not.toBe(403);
    await page.waitForURL(running.url("/users/log-in"));
    expect(await page.textContent("body")).toContain("Password reset successfully.");
    await context.close();
  });
});
