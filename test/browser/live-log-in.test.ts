/**
 * Step 05's solution in a real browser: the log-in form is a live view. Its
 * errors arrive over the socket while the page stays; a good submit makes the
 * client post the same form over HTTP (trigger-action), which logs the agent in.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser, uniqueEmail } from "../support/auth-fixtures.ts";
import { startStepInChromium } from "../support/browser.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import type { RunningApp } from "../../scripts/harness/start-app.ts";

let running: RunningApp;
let browser: Browser;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ running, browser, close } = await startStepInChromium("05", "browser-05"));
});
afterAll(() => close?.());

async function openConnected(page: Page, path: string) {
  await page.goto(running.url(path));
  await page.locator('[data-live-root][data-live-state="connected"]').waitFor({ timeout: 10_000 });
}

/** A page load would wipe this marker; a live patch keeps it. */
const setMarker = (page: Page) => page.evaluate(() => ((window as unknown as { marker: string }).marker = "still here"));
const marker = (page: Page) => page.evaluate(() => (window as unknown as { marker?: string }).marker);

describe("the live log-in form in a real browser", () => {
  it("shows an email error as it is typed, and on submit, without a page load", async () => {
    const page = await browser.newPage();
    await openConnected(page, "/users/log-in");
    await setMarker(page);
    await page.locator('input[name="email"]').pressSequentially("bond");
    await page.locator(".field-error", { hasText: "must have the @ sign and no spaces" }).waitFor({ timeout: 5_000 });
    await page.click("main form button");
    await page.locator(".field-error", { hasText: "Password can't be blank" }).waitFor({ timeout: 5_000 });
    expect(await marker(page), "the errors should arrive over the socket, not with a page load").toBe("still here");
    expect(page.url()).toBe(running.url("/users/log-in"));
    await page.close();
  });

  it("logs in through the live form and lands on the mission showing the agent", async () => {
    const user = await registerUser(new HttpClient(running.origin), uniqueEmail("browser"));
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(running.url("/mission")); // bounced to log-in; the mission is where it returns
    await page.waitForURL(running.url("/users/log-in"), { timeout: 5_000 });
    await page.locator('[data-live-root][data-live-state="connected"]').waitFor({ timeout: 10_000 });

    const posts: string[] = [];
    page.on("request", (request) => request.method() === "POST" && posts.push(new URL(request.url()).pathname));
    await page.fill('input[name="email"]', user.email);
    await page.fill('input[name="password"]', user.password);
    await page.click("main form button");
    await page.waitForURL(running.url("/mission"), { timeout: 10_000 });
    await page.locator('[data-live-root][data-live-state="connected"]').waitFor({ timeout: 10_000 });
    expect(await page.textContent(".agent")).toContain(user.email);
    expect(posts, "the client posted the form once, over HTTP, after the socket accepted it").toEqual(["/users/log-in"]);
    await context.close();
  });
});
