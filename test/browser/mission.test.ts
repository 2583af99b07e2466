/**
 * The finished course app (solution of the last step) in a real browser:
 * register, open the live mission, act on it — one user load per page load.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStepInChromium } from "../support/browser.ts";
import type { RunningApp } from "../../scripts/harness/start-app.ts";

let running: RunningApp;
let browser: Browser;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ running, browser, close } = await startStepInChromium("last", "browser-final"));
});
afterAll(() => close?.());

describe("the finished app in a real browser", () => {
  it("registers an agent, mounts the mission live with one user load, and handles a click", async () => {
    const page = await browser.newPage();
    await page.goto(running.url("/mission"));
    expect(await page.textContent("body")).toContain("You must log in to access this page.");

    await page.goto(running.url("/users/register"));
    await page.fill('input[name="email"]', "bond@example.com");
    await page.fill('input[name="password"]', "correct horse battery staple");
    // Registering logs the agent in and returns them to the page that bounced them.
    await page.click("main form button");
    await page.waitForURL(running.url("/mission"), { timeout: 10_000 });

    running.clearQueries();
    await page.reload();
    await page.locator('[data-live-root][data-live-state="connected"]').waitFor({ timeout: 10_000 });
    expect(await page.textContent(".agent")).toContain("bond@example.com");
    const userLoads = running.queries.filter((q) => q.loadsUser && q.phase !== "boot").length;
    expect(userLoads, "a page load in a real browser should load the user once").toBe(1);

    await page.click("text=Accept the mission");
    await page.locator(".accepted").waitFor({ timeout: 5_000 });
    await page.close();
  });

  it("follows a live link to the briefing without a page load, loads nobody, and comes back with the back button", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(running.url("/users/register"));
    await page.fill('input[name="email"]', "felix@example.com");
    await page.fill('input[name="password"]', "correct horse battery staple");
    await page.click("main form button");
    // The live form posts itself once the socket has checked it: wait for that, not a second navigation.
    await page.waitForURL(running.url("/mission"), { timeout: 10_000 });
    const connected = page.locator('[data-live-root][data-live-state="connected"]');
    await connected.waitFor({ timeout: 10_000 });

    const documents: string[] = [];
    page.on("request", (request) => request.resourceType() === "document" && documents.push(request.url()));
    running.clearQueries();
    await page.click("text=Read the briefing");
    await page.waitForURL(running.url("/briefing"), { timeout: 5_000 });
    await page.locator("h1", { hasText: "Mission briefing" }).waitFor({ timeout: 5_000 });
    expect(await page.textContent(".agent")).toContain("felix@example.com");
    expect(documents, "a live navigation must not load a document").toEqual([]);
    expect(running.queries.filter((q) => q.loadsUser).length, "the navigation should load nobody").toBe(0);
    expect(running.queries.filter((q) => q.phase === "navigate").length, "a navigation here runs no statement at all").toBe(0);
    expect(await page.getAttribute("[data-live-root]", "data-live-view"), "the server mounted the briefing view").toBe("briefing");

    await page.goBack();
    await page.waitForURL(running.url("/mission"), { timeout: 5_000 });
    await page.locator("h1", { hasText: "Top secret mission" }).waitFor({ timeout: 5_000 });
    await page.goForward();
    await page.locator("h1", { hasText: "Mission briefing" }).waitFor({ timeout: 5_000 });
    expect(documents, "back and forward navigate live too").toEqual([]);
    expect(await connected.count(), "one socket throughout").toBe(1);

    await page.click("text=The counter"); // another live session: a full page load
    await page.waitForURL(running.url("/counter"), { timeout: 5_000 });
    expect(documents, "crossing into another live session loads the page").toEqual([running.url("/counter")]);
    await context.close();
  });
});
