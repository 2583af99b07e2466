/**
 * Debian's Chromium, driven by playwright-core (which downloads no browser of
 * its own). The flags keep a headless run quiet on a machine with no network.
 */
import { chromium, type Browser } from "playwright-core";
import { startApp } from "../../scripts/harness/start-app.ts";
import { writeStepTree } from "./step-tree.ts";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A step's solution running in-process, and Chromium to drive it: for one browser test file. */
export async function startStepInChromium(step: string | "last", label: string) {
  const tree = writeStepTree(step, "solution", label);
  const running = await startApp({ dir: tree.dir, extra: { bcryptCost: 4 } });
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    await running.close();
    tree.remove();
  };
  return { running, browser, close };
}
