/**
 * The finished course app (solution of the last step) in a real browser:
 * register, open the live mission, act on it — one user load per page load.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTree } from "../../scripts/course/chain.ts";
import { listSteps } from "../../scripts/course/steps.ts";
import { writeTree } from "../../scripts/course/tree.ts";
import { launchChromium } from "../support/browser.ts";
import { REPO_ROOT, startApp, type RunningApp } from "../support/start-app.ts";

let dir: string;
let running: RunningApp;
let browser: Browser;
beforeAll(async () => {
  const steps = listSteps(REPO_ROOT);
  mkdirSync(join(REPO_ROOT, ".course", "tmp"), { recursive: true });
  dir = mkdtempSync(join(REPO_ROOT, ".course", "tmp", "browser-final-"));
  writeTree(dir, buildTree(steps, steps.at(-1)!, "solution"));
  running = await startApp({ dir, extra: { bcryptCost: 4 } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

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
});
