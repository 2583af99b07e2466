/**
 * The whole story of the finished course app, in Debian's Chromium, as a
 * learner would click through it: register (a live form) → the mission →
 * log out → log in through the live form → the mission shows the agent → a
 * second tab → log out in one, and the other lands on the log-in page by itself.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStepInChromium } from "../support/browser.ts";
import type { RunningApp } from "../../scripts/harness/start-app.ts";

const EMAIL = "story@example.com";
const PASSWORD = "correct horse battery staple";

let running: RunningApp;
let browser: Browser;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ running, browser, close } = await startStepInChromium("last", "browser-story"));
});
afterAll(() => close?.());

describe("the finished app, start to end", () => {
  it("registers, logs out, logs in through the live form, and logs out every tab", async () => {
    const context = await browser.newContext();
    const first = await context.newPage();
    const connected = (page: typeof first) => page.locator('[data-live-root][data-live-state="connected"]').waitFor({ timeout: 10_000 });

    await first.goto(running.url("/users/register"));
    await connected(first);
    await first.fill('input[name="email"]', EMAIL);
    await first.fill('input[name="password"]', PASSWORD);
    await Promise.all([first.waitForURL(running.url("/mission"), { timeout: 10_000 }), first.click("main form button")]);
    await connected(first);
    expect(await first.textContent(".agent"), "registration ends logged in, on the mission").toContain(EMAIL);

    await Promise.all([first.waitForURL(running.url("/"), { timeout: 10_000 }), first.click('form[action="/users/log-out"] button')]);
    expect(await first.textContent("body")).toContain("Logged out successfully.");

    await first.goto(running.url("/users/log-in"));
    await connected(first);
    await first.fill('input[name="email"]', EMAIL);
    await first.fill('input[name="password"]', PASSWORD);
    await Promise.all([first.waitForURL((url) => url.pathname !== "/users/log-in", { timeout: 10_000 }), first.click("main form button")]);
    await first.goto(running.url("/mission"));
    await connected(first);
    expect(await first.textContent(".agent"), "the live log-in form logged the agent in").toContain(EMAIL);

    const second = await context.newPage();
    await second.goto(running.url("/briefing"));
    await connected(second);
    await Promise.all([first.waitForURL(running.url("/"), { timeout: 10_000 }), first.click('form[action="/users/log-out"] button')]);
    await second.waitForURL((url) => url.pathname === "/users/log-in", { timeout: 10_000 });
    expect(await second.textContent("body"), "the other tab lands on log-in without a manual reload").not.toContain(EMAIL);
    await context.close();
  });
});
