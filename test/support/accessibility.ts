/**
 * Accessibility basics for a page open in Chromium: axe-core run inside the
 * page (no serious or critical violations), exactly one h1, every form
 * control labelled, every button reached by the Tab key. A screenshot of the
 * page goes to test-results/screenshots/<name>.png (git-ignored). axe-core is
 * added as a script tag, so a page with a strict CSP needs a browser context
 * opened with `bypassCSP: true`.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { REPO_ROOT } from "../../scripts/harness/start-app.ts";

export const SCREENSHOTS_DIR = path.join(REPO_ROOT, "test-results", "screenshots");
const AXE_SCRIPT = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
// Enough presses to pass every focusable element of our longest page twice.
const MAX_TAB_PRESSES = 400;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

export async function expectAccessible(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, name);
  expect(await page.locator("h1").count(), `${name}: a page needs exactly one h1`).toBe(1);
  const violations = await axeViolations(page);
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map(describeViolation), `${name}: axe-core found serious or critical problems`).toEqual([]);
  expect(await unlabelledControls(page), `${name}: form controls without a label`).toEqual([]);
  expect(await buttonsTabDoesNotReach(page), `${name}: buttons the Tab key never reaches`).toEqual([]);
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe-core's global, injected above
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations as AxeViolation[];
  });
}

function describeViolation(violation: AxeViolation): string {
  return `${violation.impact} ${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`;
}

/** Visible inputs, selects and textareas with no accessible name (a <label>, aria-label or aria-labelledby). */
function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input, select, textarea")]
      .filter((control) => control.type !== "hidden" && control.getClientRects().length > 0)
      .filter((control) => control.labels?.length === 0 && !control.getAttribute("aria-label") && !control.getAttribute("aria-labelledby"))
      .map((control) => control.outerHTML.slice(0, 120)),
  );
}

/** Presses Tab from the top of the page until focus comes round again; returns the visible buttons it never reached. */
async function buttonsTabDoesNotReach(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    const buttons = document.querySelectorAll("button, [role=button], input[type=submit]");
    for (const [index, button] of [...buttons].entries()) button.setAttribute("data-tab-probe", String(index));
    (document.activeElement as HTMLElement | null)?.blur();
  });
  const reached = new Set<string>();
  let firstFocused: string | null = null;
  for (let press = 0; press < MAX_TAB_PRESSES; press++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const active = document.activeElement;
      if (!active || active === document.body) return null;
      return (
        active.getAttribute("data-tab-probe") ??
        `${active.tagName}:${active.textContent?.slice(0, 40)}:${[...document.querySelectorAll("*")].indexOf(active)}`
      );
    });
    if (focused === null) continue;
    if (focused === firstFocused) break;
    firstFocused ??= focused;
    reached.add(focused);
  }
  return page.evaluate(
    (seen) =>
      [...document.querySelectorAll<HTMLElement>("[data-tab-probe]")]
        .filter((button) => button.getClientRects().length > 0 && !button.hasAttribute("disabled") && !seen.includes(button.dataset.tabProbe!))
        .map((button) => button.outerHTML.slice(0, 120)),
    [...reached],
  );
}
