/**
 * The `--sudo` option's live hook in a real browser. Two live pages share a
 * live session guarded by requireLiveSudoMode (added here, as an app would add
 * them). Past the hook's 10 minutes, a live link between them is refused over
 * the socket and the browser lands on the log-in page with the hook's flash;
 * loading the page sends it to log in again, and back to the page after.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineLiveView, html } from "../../live/index.ts";
import type { RunningApp } from "../../scripts/harness/start-app.ts";
import { startGeneratedInChromium } from "../gen-auth/support/apps.ts";

const MINUTE_IN_MS = 60 * 1000;
const PASSWORD = "correct horse battery staple";

let setup: Awaited<ReturnType<typeof startGeneratedInChromium>>;
let running: RunningApp;
let browser: Browser;
let now = Date.now();
beforeAll(async () => {
  setup = await startGeneratedInChromium("browser-live-sudo", ["--sudo"], () => now);
  ({ running, browser } = setup);
  await addSensitivePages();
}, 120_000);
afterAll(() => setup?.close());

/** /users/keys and /users/tokens: one live session, guarded by the generated hook and middleware. */
async function addSensitivePages() {
  const generated = (path: string) => import(pathToFileURL(join(setup.dir, path)).href);
  const { createAccounts } = await generated("accounts/accounts.ts");
  const sudo = await generated("auth/user-sudo-mode.ts");
  const noMail = async () => {};
  const notifier = { deliverConfirmationInstructions: noMail, deliverResetPasswordInstructions: noMail, deliverUpdateEmailInstructions: noMail };
  const accounts = createAccounts(running.db, { notifier, clock: () => now, bcryptCost: 4 });
  const keys = defineLiveView({ name: "Keys", mount() {}, render: () => html`<h1>API keys</h1><a href="/users/tokens" data-live-link>Tokens</a>` });
  const tokens = defineLiveView({ name: "Tokens", mount() {}, render: () => html`<h1>Tokens</h1>` });
  const httpGuard = sudo.requireSudoMode(accounts, sudo.LIVE_SUDO_MODE_VALIDITY_IN_MINUTES);
  running.app.live.liveSession("sudo", { onMount: [sudo.requireLiveSudoMode(accounts)] }, (route: typeof running.app.live.route) => {
    route("/users/keys", keys, httpGuard);
    route("/users/tokens", tokens, httpGuard);
  });
}

describe("a live page behind the generated requireLiveSudoMode, in a real browser", () => {
  it("refuses a live navigation once the log-in is 10 minutes old, and returns to the page after a fresh log-in", async () => {
    const email = "live-sudo@example.com";
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(running.url("/users/register"));
    await page.fill('main input[name="email"]', email);
    await page.fill('main input[name="password"]', PASSWORD);
    await page.click("main form button");
    await page.waitForURL(running.url("/"));

    await page.goto(running.url("/users/keys"));
    await page.locator('[data-live-root][data-live-state="connected"]').waitFor();
    expect(await page.textContent("h1")).toContain("API keys");

    now += 10 * MINUTE_IN_MS;
    await page.click("a:has-text('Tokens')");
    await page.waitForURL(running.url("/users/log-in"));
    const logIn = await page.textContent("body");
    expect(logIn, "the hook's flash, carried by the socket's redirect").toContain("You must re-authenticate to access this page.");
    expect(logIn).toContain("You need to reauthenticate to perform sensitive actions");

    await page.goto(running.url("/users/keys"));
    await page.waitForURL(running.url("/users/log-in"));
    await page.fill('main form[action="/users/log-in"] input[name="password"]', PASSWORD);
    await page.click("main form[action='/users/log-in'] button");
    await page.waitForURL(running.url("/users/keys"));
    await page.locator('[data-live-root][data-live-state="connected"]').waitFor();
    await page.click("a:has-text('Tokens')");
    await page.waitForURL(running.url("/users/tokens"));
    expect(await page.textContent("h1"), "a fresh log-in navigates live again").toContain("Tokens");
    await context.close();
  }, 60_000);
});
