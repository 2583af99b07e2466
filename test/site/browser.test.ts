// The course site in Debian's Chromium: the parts that run in the browser —
// the streamed check result, the query inspector's live feed, the buttons —
// against a fixture course. Each page is also checked for one h1 and for
// buttons that say what they do.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryInspector, type QueryInspector } from "../../site/query-inspector.ts";
import { makeFixtureCourse, runCourse, type FixtureCourse } from "../course/fixture.ts";
import { launchChromium } from "../support/browser.ts";
import { startSite, type RunningSite } from "./course-fixture.ts";

const SCREENSHOTS = path.join(os.tmpdir(), "course-site-screenshots");

let course: FixtureCourse;
let site: RunningSite;
let inspector: QueryInspector;
let browser: Browser;

beforeAll(async () => {
  course = makeFixtureCourse();
  await runCourse(course.root, ["start", "00"]);
  await runCourse(course.root, ["reset", "00"]); // one snapshot to restore
  inspector = createQueryInspector();
  site = await startSite({ root: course.root, inspector });
  browser = await launchChromium();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  course?.remove();
});

async function open(pathname: string): Promise<Page> {
  const page = await browser.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  await page.goto(`${site.origin}${pathname}`);
  return page;
}

/** One h1, and every button named by its text or label. */
async function expectAccessibleBasics(page: Page, name: string): Promise<void> {
  expect(await page.locator("h1").count(), `${name}: one h1`).toBe(1);
  for (const button of await page.locator("button").all()) {
    const label = (await button.getAttribute("aria-label")) ?? (await button.textContent());
    expect(label?.trim(), `${name}: a button without a name`).toBeTruthy();
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

describe("the course site in a browser", () => {
  it("runs the checks from the lesson and shows the streamed summary", async () => {
    const page = await open("/lessons/00-count");
    await expectAccessibleBasics(page, "lesson");
    await page.getByRole("button", { name: "Run the checks for step 00" }).click();
    await page.locator(".check-result").waitFor({ timeout: 60_000 });
    expect(await page.locator(".check-summary").textContent()).toContain("1/2 checks pass");
    expect(await page.locator(".check-running").count(), "the running notice should be replaced").toBe(0);
    await expectAccessibleBasics(page, "check");
    await page.close();
  });

  it("shows a changed file on the compare page", async () => {
    const page = await open("/lessons/00-count/compare");
    expect(await page.locator(".compared-file h2").first().textContent()).toContain("app.ts");
    await expectAccessibleBasics(page, "compare");
    await page.close();
  });

  it("restores a snapshot with its button", async () => {
    const page = await open("/snapshots");
    await expectAccessibleBasics(page, "snapshots");
    await page.locator("ol.snapshots button").first().click();
    await page.getByText("app/ is back as it was in").waitFor({ timeout: 30_000 });
    await page.close();
  });

  it("shows the app's queries live as they arrive", async () => {
    const page = await open("/queries");
    await expectAccessibleBasics(page, "queries");
    await page.waitForTimeout(300); // the event stream connects
    for (const [phase, userQuery] of [
      ["http", true],
      ["mount:dead", true],
      ["upgrade", false],
      ["mount:connected", true],
    ] as const) {
      inspector.addLine(JSON.stringify({ phase, view: "mission", sql: "SELECT * FROM users WHERE id = ?", userQuery, at: Date.now() }));
    }
    await page.getByText("user loads: http 1 + dead mount 1 + connected mount 1 = 3").waitFor({ timeout: 5_000 });
    await page.close();
  });
});
