// Steps 00–03 without a terminal: a fresh copy of the course, `npm start`
// (site/main.ts, as the README says), and Chromium doing what a learner does
// on the site — for each step, open the lesson, run the checks and see them
// fail, apply the solution, run the checks and see them pass and the progress
// move, open compare; in steps 02 and 03, load the mission in the app and
// watch the lesson's own query table count 3 user loads, then 1.
import type { ChildProcess } from "node:child_process";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSteps, type Step } from "../../scripts/course/steps.ts";
import { startScript } from "../course/fixture.ts";
import { launchChromium } from "../support/browser.ts";
import { expectAccessible, saveScreenshot } from "../support/accessibility.ts";
import { freePort } from "../../scripts/cluster/ports.ts";
import { cloneCourse, type CourseClone } from "../support/course-clone.ts";
import { report } from "../support/report.ts";

const CHECK_TIMEOUT_IN_MS = 120_000; // a cold check on a busy two-core machine
const APP_START_TIMEOUT_IN_MS = 45_000; // within beforeAll's 60 s, after the site itself has started
const EXPECTED_USER_LOADS: Record<string, number> = { "02": 3, "03": 1 };
const PASSWORD = "correct horse battery staple";

let clone: CourseClone;
let site: ChildProcess;
let siteUrl: string;
let appUrl: string;
let browser: Browser;
let context: BrowserContext;
let loggedIn = false;

beforeAll(async () => {
  clone = cloneCourse();
  const [sitePort, appPort] = [await freePort(), await freePort()];
  siteUrl = `http://localhost:${sitePort}`;
  appUrl = `http://localhost:${appPort}`;
  const startedAt = Date.now();
  site = startScript(clone.root, `${clone.root}/site/main.ts`, [], { PORT_SITE: String(sitePort), PORT: String(appPort) });
  await lineFrom(site, "The course is at");
  await untilAnswers(appUrl, APP_START_TIMEOUT_IN_MS);
  report(`  npm start in a fresh copy: site and app ready in ${Date.now() - startedAt} ms`);
  browser = await launchChromium();
  context = await browser.newContext();
}, 60_000);
afterAll(async () => {
  try {
    await browser?.close();
  } finally {
    // A site killed by a signal has a signalCode and no exitCode: it will not exit again.
    if (site && site.exitCode === null && site.signalCode === null) {
      const exited = new Promise((resolve) => site.once("exit", resolve));
      site.kill("SIGTERM");
      await exited;
    }
    clone?.remove();
  }
});

describe("steps 00–03 on the course site, without a terminal", () => {
  it("walks every step from its starter to a pass, with the mission's count on the lesson", async () => {
    const steps = listSteps(clone.root).slice(0, 4);
    expect(steps.map((step) => step.label)).toEqual(["00", "01", "02", "03"]);
    for (const step of steps) await walkStep(step);
    const home = await context.newPage();
    await home.goto(siteUrl);
    for (const step of steps)
      expect(await home.locator(`.step.passed a[href="/lessons/${step.id}"]`).count(), `${step.id} shows ✓ on the home page`).toBe(1);
    await home.close();
  }, 600_000);
});

async function walkStep(step: Step): Promise<void> {
  const page = await context.newPage();
  const lesson = `${siteUrl}/lessons/${step.id}`;
  await page.goto(lesson);
  await expectAccessible(page, `walk-${step.label}-lesson`); // the course's own lesson, as written
  if (step.label !== "00") await runVerb(page, `Start step ${step.label}`, `course start ${step.label}`);

  const failing = await runChecks(page, lesson, step);
  expect(failing, `the starter of ${step.id} should not pass`).not.toContain("Progress saved.");
  expect(failing).toContain("✗");
  await saveScreenshot(page, `walk-${step.label}-check-failing`);

  await page.goto(lesson);
  await runVerb(page, "Apply the solution", `course solve ${step.label}`);

  const passing = await runChecks(page, lesson, step);
  expect(passing, `the solution of ${step.id} should pass`).toMatch(/✓ \d+\/\d+ checks pass/);
  expect(passing).toContain("Progress saved.");
  await saveScreenshot(page, `walk-${step.label}-check-passing`);
  await page.goto(lesson);
  expect(await page.locator(".eyebrow").textContent()).toContain("✓ passed");

  await page.goto(`${lesson}/compare`);
  expect(await page.locator("main").textContent()).toContain(`app/ matches the solution for step ${step.label}`);
  await saveScreenshot(page, `walk-${step.label}-compare`);

  const userLoads = EXPECTED_USER_LOADS[step.label];
  if (userLoads !== undefined) await watchMissionOnLesson(page, lesson, userLoads);
  await page.close();
}

/** Clicks Run the checks and returns the streamed result's text. */
async function runChecks(page: Page, lesson: string, step: Step): Promise<string> {
  await page.goto(lesson);
  await page.getByRole("button", { name: `Run the checks for step ${step.label}` }).click();
  const result = page.locator(".check-result");
  await result.waitFor({ timeout: CHECK_TIMEOUT_IN_MS });
  return (await result.textContent()) ?? "";
}

/** A `course` verb's button, and the page that says it worked. */
async function runVerb(page: Page, button: string, title: string): Promise<void> {
  await page.getByRole("button", { name: button }).click();
  await page.locator("h1", { hasText: title }).waitFor({ timeout: 60_000 });
  expect(await page.locator("main p").first().textContent(), `${title}: ${await page.locator("pre").textContent()}`).toBe("Done.");
}

/** Loads /mission in the app (logging in once) until the lesson's own table shows its user loads. */
async function watchMissionOnLesson(page: Page, lesson: string, userLoads: number): Promise<void> {
  await page.goto(lesson);
  const embed = page.locator(".latest-queries");
  const app = await context.newPage();
  if (!loggedIn) {
    // The app restarts after each solve, and the warm checks can finish before the new one listens.
    await untilAnswers(`${appUrl}/users/register`, APP_START_TIMEOUT_IN_MS);
    await app.goto(`${appUrl}/users/register`);
    await app.fill('input[name="email"]', "walker@example.com");
    await app.fill('input[name="password"]', PASSWORD);
    await app.click("main form button");
    await app.waitForURL((url) => !url.pathname.startsWith("/users/register"), { timeout: 15_000 });
    loggedIn = true;
  }
  // The app restarts after each solve; a load served by the old one would count for the old step, so load until the new one answers.
  const before = Number(
    (await embed
      .locator(".query-load")
      .getAttribute("data-load")
      .catch(() => null)) ?? 0,
  );
  let seen = before;
  await expect
    .poll(
      async () => {
        await app.goto(`${appUrl}/mission`);
        await app.locator('[data-live-root][data-live-state="connected"]').waitFor({ timeout: 10_000 });
        // The statements reach the lesson over server-sent events: wait for this visit's load to arrive there.
        await page.waitForFunction(
          (previous) => Number(document.querySelector(".latest-queries .query-load")?.getAttribute("data-load") ?? 0) > previous,
          seen,
          { timeout: 10_000 },
        );
        const latest = embed.locator(".query-load");
        seen = Number(await latest.getAttribute("data-load"));
        return `load ${seen > before ? "after" : "before"} the visit: ${await latest.locator(".query-total").textContent()}`;
      },
      { timeout: 30_000, interval: 500 },
    )
    .toMatch(new RegExp(`^load after the visit: user loads: .* = ${userLoads} `));
  expect(await app.locator(".agent").textContent(), "the mission knows the agent").toContain("walker@example.com");
  await saveScreenshot(page, `walk-${page.url().split("/").pop()}-lesson-queries`);
  await app.close();
}

/** Resolves when the site prints `text`; both streams are read to the end, so the app's log never fills a pipe. */
function lineFrom(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const read = (chunk: Buffer) => {
      seen = (seen + chunk).slice(-20_000);
      if (seen.includes(text)) resolve();
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => reject(new Error(`npm start exited (${code}) before saying "${text}":\n${seen}`)));
  });
}

/** Resolves once `url` answers; throws after `withinMs`, so a failed start does not poll on forever. */
async function untilAnswers(url: string, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      () => true,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the app that npm start runs did not answer at ${url} within ${withinMs} ms`);
}
