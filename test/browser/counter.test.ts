import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser.ts";
import { REPO_ROOT, startApp, type RunningApp } from "../../scripts/harness/start-app.ts";

let running: RunningApp;
let browser: Browser;
beforeAll(async () => {
  running = await startApp({ dir: `${REPO_ROOT}/steps/00-welcome` });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await running?.close();
});

describe("the live counter in a real browser", () => {
  it("connects, and a click patches the DOM without a page load", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(running.url("/counter"));
    await page.locator('[data-live-root][data-live-state="connected"]').waitFor({ timeout: 10_000 });
    await expect(page.locator(".mounted").textContent()).resolves.toContain("the websocket");

    // A page load would wipe this marker; a DOM patch keeps it.
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = "still here"));
    await page.click('button[live-click="inc"]');
    await page.locator('.count[data-count="1"]').waitFor({ timeout: 5_000 });
    const marker = await page.evaluate(() => (window as unknown as { marker?: string }).marker);
    expect(marker, "the click should patch the page, not reload it").toBe("still here");
    expect(await page.title()).toBe("Counter · Live Auth");
    expect(errors, "the page should run without script errors").toEqual([]);
    await page.close();
  });
});
