/**
 * The learner's app pages that steps 00–03 show, in Chromium: each passes the
 * accessibility basics (axe-core, one h1, labelled controls, buttons Tab
 * reaches) and is saved as a screenshot; and the navigation keeps "Log out"
 * on one line beside a long email, on a laptop and on a phone.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../scripts/harness/start-app.ts";
import { expectAccessible, saveScreenshot } from "../support/accessibility.ts";
import { startStepInChromium } from "../support/browser.ts";
import { writeStepTree } from "../support/step-tree.ts";

const PASSWORD = "correct horse battery staple";
// 60 characters: longer than most, short enough to be a real address.
const LONG_EMAIL = `${"agent.with.a.rather.long.name".padEnd(48, "x")}@example.com`;

let running: RunningApp;
let browser: Browser;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ running, browser, close } = await startStepInChromium("03", "browser-app-pages"));
});
afterAll(() => close?.());

async function register(page: Page, email: string): Promise<void> {
  await page.goto(running.url("/users/register"));
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', PASSWORD);
  await page.click("main form button");
  await page.waitForURL((url) => !url.pathname.startsWith("/users/register"), { timeout: 10_000 });
}

describe("the app's pages for steps 00–03", () => {
  it("pass the accessibility basics in step 00's own layout, before any auth", async () => {
    const tree = writeStepTree("00", "starter", "browser-app-pages-00");
    const base = await startApp({ dir: tree.dir });
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    try {
      for (const [name, pathname] of [
        ["app-00-home", "/"],
        ["app-00-counter", "/counter"],
      ]) {
        await page.goto(base.url(pathname!));
        await expectAccessible(page, name!);
      }
    } finally {
      await context.close();
      await base.close();
      tree.remove();
    }
  });

  it("pass the accessibility basics, logged out and logged in", async () => {
    // The app's CSP allows only its own scripts; the test lets axe-core in beside them.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    for (const [name, pathname] of [
      ["app-home", "/"],
      ["app-counter", "/counter"],
      ["app-register", "/users/register"],
      ["app-log-in", "/users/log-in"],
    ]) {
      await page.goto(running.url(pathname!));
      await expectAccessible(page, name!);
    }
    await register(page, "moneypenny@example.com");
    await page.goto(running.url("/mission"));
    await page.locator('[data-live-root][data-live-state="connected"]').waitFor({ timeout: 10_000 });
    await expectAccessible(page, "app-mission");
    await page.goto(running.url("/"));
    await expectAccessible(page, "app-home-logged-in");
    await context.close();
  });

  it(`keeps "Log out" on one line beside a ${LONG_EMAIL.length}-character email`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await register(page, LONG_EMAIL);
    for (const width of [1024, 390]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(running.url("/counter"));
      const logOut = page.getByRole("button", { name: "Log out" });
      const box = await logOut.boundingBox();
      // The text's line boxes: one line of text has one top; the button around it adds only its padding and border.
      const text = await logOut.evaluate((button) => {
        const range = document.createRange();
        range.selectNodeContents(button);
        const rects = [...range.getClientRects()];
        const style = getComputedStyle(button);
        const frame = ["paddingTop", "paddingBottom", "borderTopWidth", "borderBottomWidth"] as const;
        return {
          lines: new Set(rects.map((rect) => Math.round(rect.top))).size,
          // "normal" line height is about 1.2 times the text's own box.
          lineHeight: Number.parseFloat(style.lineHeight) || 1.2 * Math.max(...rects.map((rect) => rect.height)),
          frame: frame.reduce((sum, side) => sum + Number.parseFloat(style[side]), 0),
        };
      });
      expect(box, "the Log out button is on the page").not.toBeNull();
      expect(text.lines, `at ${width} px "Log out" should be one line of text`).toBe(1);
      expect(box!.height, `at ${width} px the Log out button should be one line high`).toBeLessThanOrEqual(text.lineHeight + text.frame + 1);
      expect(box!.x + box!.width, `at ${width} px the Log out button should fit the window`).toBeLessThanOrEqual(width);
      await saveScreenshot(page, `app-nav-long-email-${width}`);
    }
    await context.close();
  });
});
