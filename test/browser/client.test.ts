/**
 * The browser client against the fixture app, in Debian's Chromium: the
 * trigger-action form, reconnecting after the server drops the socket, and a log-out close.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser.ts";
import { startFixture, type RunningFixture } from "../support/fixture-app.ts";

let running: RunningFixture;
let browser: Browser;
beforeAll(async () => {
  running = await startFixture();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await running?.close();
});

async function openConnected(path: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(running.url(path));
  await page.locator('[data-live-root][data-live-state="connected"]').waitFor({ timeout: 10_000 });
  return page;
}

describe("the trigger-action form", () => {
  it("is submitted as a plain HTTP POST once the view sets its flag, so the server can set a cookie", async () => {
    const page = await openConnected("/codename");
    await page.fill('input[name="codename"]', "nightjar");
    // The page posts to its own URL, so waiting for the URL proves nothing: wait for the POST's page.
    const posted = page.waitForResponse((response) => response.request().method() === "POST" && response.url() === running.url("/codename"));
    await page.click("text=Claim");
    expect((await posted).status()).toBe(200);
    await page.locator("text=claimed nightjar").waitFor({ timeout: 5_000 });
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "codename")?.value, "the POST's response should have set the cookie").toBe("nightjar");
    await page.close();
  });
});

describe("reconnecting", () => {
  it("reconnects by itself after the server drops the socket, without reloading the page", async () => {
    const page = await openConnected("/items/7");
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = "no reload"));
    expect(running.app.live.sockets.disconnectAll("restarting", 1012)).toBe(1);
    await page.locator('[data-live-root]:not([data-live-state="connected"])').waitFor({ timeout: 5_000 });
    await page.locator('[data-live-root][data-live-state="connected"]').waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("no reload");
    expect(running.app.live.sockets.countSockets(await sessionId(page)), "one socket again after the reconnect").toBe(1);
    await page.close();
  });
});

async function sessionId(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === "fixture_session")!;
  return decodeURIComponent(cookie.value).slice(2).split(".")[0]!;
}

describe("a refused socket", () => {
  it("shows a banner that says why and which address to open, instead of staying silently disconnected", async () => {
    // Configured as http://localhost:PORT, strictly: a page opened at 127.0.0.1 has its upgrade refused (403).
    const strict = await startFixture({ originFor: (port) => `http://localhost:${port}`, live: { development: false } });
    const port = new URL(strict.origin).port;
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${port}/items/7`);
      const banner = page.locator("[data-live-banner]");
      await banner.waitFor({ timeout: 10_000 });
      const text = await banner.textContent();
      expect(text).toContain(`takes live connections from http://localhost:${port}`);
      expect(text).toContain(`Open http://localhost:${port}/items/7 instead`);
      expect(strict.logs.join("\n"), "the server logs the refusal too").toMatch(/upgrade refused: origin "http:\/\/127\.0\.0\.1/);

      await page.goto(`http://localhost:${port}/items/7`);
      await page.locator('[data-live-root][data-live-state="connected"]').waitFor({ timeout: 10_000 });
      expect(await page.locator("[data-live-banner]").count(), "no banner where the socket connects").toBe(0);
    } finally {
      await page.close();
      await strict.close();
    }
  });
});

describe("a socket closed as logged out", () => {
  type Marked = { marker?: string };

  it("reloads the page within a second, so the server decides where the tab goes", async () => {
    const page = await openConnected("/items/7");
    await page.evaluate(() => ((window as unknown as Marked).marker = "before"));
    expect(running.app.live.sockets.disconnectSession(await sessionId(page), "logged out")).toBe(1);
    await page.waitForFunction(() => !(window as unknown as Marked).marker, null, { timeout: 5_000 });
    await page.close();
  });

  it("lets a page that is being left follow its navigation, and reloads only if the navigation never comes", async () => {
    const page = await openConnected("/items/7");
    // What a submitted log-out form does first: the browser announces that the page is being left.
    await page.evaluate(() => {
      (window as unknown as Marked).marker = "leaving";
      window.dispatchEvent(new Event("beforeunload"));
    });
    expect(running.app.live.sockets.disconnectSession(await sessionId(page), "logged out")).toBe(1);
    await page.locator('[data-live-root][data-live-state="disconnected"]').waitFor({ timeout: 5_000 });
    await page.waitForTimeout(1_000);
    expect(await page.evaluate(() => (window as unknown as Marked).marker), "no reload over the navigation").toBe("leaving");
    await page.waitForFunction(() => !(window as unknown as Marked).marker, null, { timeout: 5_000 });
    await page.close();
  });
});
