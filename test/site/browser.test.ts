// The course site in Debian's Chromium: the parts that run in the browser —
// the streamed check result, the query inspector's live feed, the buttons —
// against a fixture course. Every page type also passes the accessibility
// basics (axe-core, one h1, labelled controls, buttons Tab reaches) and is
// saved as a screenshot.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryInspector, type QueryInspector } from "../../site/query-inspector.ts";
import { FIXTURE_FILES, makeFixtureCourse, runCourse, type FixtureCourse } from "../course/fixture.ts";
import { expectAccessible } from "../support/accessibility.ts";
import { launchChromium } from "../support/browser.ts";
import { startSite, type RunningSite } from "./course-fixture.ts";

// A lesson that compiles and uses what real lessons use: a code block and the site's components.
const LESSON_00 = `---
title: Counting
---

# Counting

Some **prose** with \`code\`.

## Adding

\`\`\`ts
export function add(a: number, b: number) {
  return a + b;
}
\`\`\`

<LifecycleDiagram userLoads={["http", "mount:dead", "mount:connected"]} />

<LatestQueries />

## Hints

<Hints>
<Hint>
Look at the operator in \`add()\`.
</Hint>
<Hint>
It should be a plus:

\`\`\`ts
return a + b;
\`\`\`
</Hint>
</Hints>
`;

let course: FixtureCourse;
let site: RunningSite;
let inspector: QueryInspector;
let browser: Browser;

beforeAll(async () => {
  course = makeFixtureCourse({ ...FIXTURE_FILES, "lessons/00-count.mdx": LESSON_00 });
  await runCourse(course.root, ["start", "00"]);
  await runCourse(course.root, ["reset", "00"]); // one snapshot to restore
  inspector = createQueryInspector();
  site = await startSite({ root: course.root, inspector });
  browser = await launchChromium();
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

describe("the course site in a browser", () => {
  it("shows the steps on the home page, and the page about the app", async () => {
    const page = await open("/");
    expect(await page.locator("h1").textContent()).toBe("Live Auth Course");
    await expectAccessible(page, "site-home");
    await page.goto(`${site.origin}/app`);
    await expectAccessible(page, "site-app");
    await page.close();
  });

  it("runs the checks from the lesson and shows the streamed summary", async () => {
    const page = await open("/lessons/00-count");
    await expectAccessible(page, "site-lesson");
    await page.getByRole("button", { name: "Run the checks for step 00" }).click();
    await page.locator(".check-result").waitFor({ timeout: 60_000 });
    expect(await page.locator(".check-summary").textContent()).toContain("1/2 checks pass");
    expect(await page.locator(".check-running").count(), "the running notice should be replaced").toBe(0);
    await expectAccessible(page, "site-check");
    await page.close();
  });

  it("reveals the hint ladder one rung at a time, in place, and the terminal carries on from there", async () => {
    const page = await open("/lessons/00-count");
    const rungs = page.locator(".hint-rung");
    const next = page.locator("[data-hint-next]");
    expect(await rungs.evaluateAll((all) => all.map((rung) => (rung as HTMLElement).hidden))).toEqual([true, true]);
    await next.focus();
    const scrolled = await page.evaluate(() => window.scrollY);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => window.scrollY), "the page keeps its place").toBe(scrolled);
    expect(await rungs.evaluateAll((all) => all.map((rung) => (rung as HTMLElement).hidden))).toEqual([false, true]);
    expect(await rungs.first().textContent()).toContain("Look at the operator in add().");
    expect(await next.textContent()).toBe("Show hint 2 of 2");
    expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-hint-next")), "the keyboard stays on the button").toBe(true);
    expect(page.url(), "revealing a hint does not leave the page").toBe(`${site.origin}/lessons/00-count`);
    await expect.poll(() => JSON.parse(course.read(".course/progress.json")).hints["00-count"], { timeout: 10_000 }).toBe(1);

    await page.reload();
    expect(await rungs.evaluateAll((all) => all.map((rung) => (rung as HTMLElement).hidden)), "a seen rung stays shown").toEqual([false, true]);
    await next.click();
    expect(await rungs.nth(1).locator("pre").textContent()).toContain("return a + b;");
    expect(await next.isHidden(), "no button once the ladder ends").toBe(true);
    expect(await page.locator(".hint-last").isVisible()).toBe(true);
    await expect.poll(() => JSON.parse(course.read(".course/progress.json")).hints["00-count"], { timeout: 10_000 }).toBe(2);
    const terminal = await runCourse(course.root, ["hint", "00"]);
    expect(terminal.stdout, "`course hint` knows the site showed both").toContain("You have seen all 2 hints");
    await page.close();
  });

  it("shows a changed file on the compare page", async () => {
    const page = await open("/lessons/00-count/compare");
    expect(await page.locator(".compared-file h2").first().textContent()).toContain("app.ts");
    await expectAccessible(page, "site-compare");
    await page.close();
  });

  it("restores a snapshot with its button", async () => {
    const page = await open("/snapshots");
    await expectAccessible(page, "site-snapshots");
    await page.locator("ol.snapshots button").first().click();
    await page.getByText("app/ is back as it was in").waitFor({ timeout: 30_000 });
    await page.close();
  });

  it("shows the app's queries live as they arrive", async () => {
    const page = await open("/queries");
    await expectAccessible(page, "site-queries");
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
