/**
 * Checker for step 03: lazy user loading. With assignNew the dead mount takes
 * the user fetchCurrentUser already loaded, and the connected mount adopts
 * the render handoff: one user query per page load. Every miss must cost one
 * query and never hand over someone else's user.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTree } from "../../scripts/course/chain.ts";
import { listSteps, resolveStep } from "../../scripts/course/steps.ts";
import { hashTree, writeTree } from "../../scripts/course/tree.ts";
import { logInAs } from "../support/auth-fixtures.ts";
import { csrfFrom, HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient, livePage } from "../../scripts/harness/live-client.ts";
import { agent, loadMission, renderedHtml, reportMission, userQueriesByPhase } from "../support/mission.ts";
import { REPO_ROOT, startApp, type RunningApp } from "../../scripts/harness/start-app.ts";

let running: RunningApp;
beforeAll(async () => {
  running = await startApp({ extra: { bcryptCost: 4 } });
});
afterAll(() => running?.close());

describe("§ One load per page", () => {
  it("loads the user once per page load: in the HTTP pipeline only", async () => {
    const { http } = await agent(running);
    const load = await loadMission(running, http);
    load.socket?.close();
    reportMission("Step 03 — one full load of /mission (assignNew + render handoff):", load);
    const counts = userQueriesByPhase(load.queries);
    expect(renderedHtml(load.joined), "the connected mount should still render the mission").toContain("Top secret mission");
    expect(counts.http, "fetchCurrentUser should load the user once in the HTTP pipeline").toBe(1);
    expect(counts.dead, "the dead mount should reuse res.locals.currentUser — use assignNew instead of assign").toBe(0);
    expect(counts.connected, "the connected mount should adopt the render handoff — use assignNew instead of assign").toBe(0);
  });
});

describe("§ When the handoff misses", () => {
  it("costs exactly one query on a reconnect, on the connected mount", async () => {
    const { http, user } = await agent(running);
    const load = await loadMission(running, http);
    load.socket?.close();
    running.clearQueries();
    const again = await LiveClient.connect(http, load.page);
    const reply = await again.join(load.page!, { handoff: null });
    again.close();
    expect(renderedHtml(reply), "a reconnect should mount the mission for the same agent").toContain(`Agent: ${user.email}`);
    expect(userQueriesByPhase(running.queries), "a reconnect has no handoff: it should load the user once, on the connected mount").toEqual({
      http: 0,
      dead: 0,
      connected: 1,
    });
  });

  it("gives a second socket with the same page token its own session's user, for one query", async () => {
    const alice = await agent(running, "alice");
    const bob = await agent(running, "bob");
    const alicePage = livePage((await alice.http.get("/mission")).body, "/mission");
    const bobCsrf = csrfFrom((await bob.http.get("/")).body);
    // Bob's socket presents Alice's page: her view token and her still-unused handoff id.
    const bobSocket = await LiveClient.connect(bob.http, alicePage, { csrf: bobCsrf });
    running.clearQueries();
    const reply = await bobSocket.join(alicePage);
    bobSocket.close();
    const html = renderedHtml(reply);
    expect(html, "another session must never receive this page's handoff").not.toContain(alice.user.email);
    expect(html, "the second socket should mount with its own session's user").toContain(`Agent: ${bob.user.email}`);
    expect(userQueriesByPhase(running.queries).connected, "a handoff miss should cost exactly one user query").toBe(1);
  });

  it("refuses a session that logged out between the render and the socket join", async () => {
    const { http, user } = await agent(running);
    const load = await loadMission(running, http);
    load.socket?.close();
    const page = load.page!;
    const cookieBefore = http.cookieHeader();
    await http.post("/users/log-out", {});
    const socket = await LiveClient.connect(http, page, { cookie: cookieBefore });
    const outcome = await Promise.race([socket.join(page).then((m) => ({ message: m })), socket.closed.then((c) => ({ closed: c }))]);
    socket.close();
    const leaked = "message" in outcome && renderedHtml(outcome.message).includes(user.email);
    expect(leaked, "a logged-out session's socket must not mount the mission for its old user").toBe(false);
  });
});

describe("§ What the handoff costs", () => {
  it("refuses a page whose agent changed their password in another browser before the socket joined", async () => {
    const { http, user } = await agent(running, "changed");
    const render = await http.get("/mission"); // rendered: its handoff waits for the join
    const page = livePage(render.body, "/mission");
    const elsewhere = new HttpClient(running.origin);
    await logInAs(elsewhere, user);
    await elsewhere.get("/users/settings");
    const changed = await elsewhere.post("/users/settings/password", {
      current_password: user.password,
      password: "a brand new passphrase",
      password_confirmation: "a brand new passphrase",
    });
    expect(changed.status, "changing the password in another browser should succeed").toBe(302);
    const socket = await LiveClient.connect(http, page);
    const reply = await socket.join(page);
    socket.close();
    expect(renderedHtml(reply), "a handoff must not outlive the log-in it was loaded for").not.toContain(user.email);
    expect(reply, "the stale page's join should be sent to log in").toMatchObject({ t: "redirect", to: "/users/log-in" });
  });
});

describe("§ Same page, fewer queries", () => {
  it("renders the same mission as step 02's solution", async () => {
    const reference = await startApp({ dir: referenceApp(), extra: { bcryptCost: 4 } });
    try {
      const mine = await renderMission(running);
      const theirs = await renderMission(reference);
      expect(mine.dead, "the HTTP render should be the same as with assign").toBe(theirs.dead);
      expect(mine.connected, "the connected render should be the same as with assign").toBe(theirs.connected);
    } finally {
      await reference.close();
    }
  });
});

/**
 * Step 02's solution, written once per version of it under .course/cache/:
 * the same path every run lets the test runner keep its compiled files, so the
 * reference costs a start, not a build.
 */
function referenceApp(): string {
  const steps = listSteps(REPO_ROOT);
  const tree = buildTree(steps, resolveStep(steps, "02"), "solution");
  const dir = join(REPO_ROOT, ".course", "cache", `reference-02-${hashTree(tree).slice("sha256:".length, 19)}`);
  if (existsSync(dir)) return dir;
  mkdirSync(join(REPO_ROOT, ".course", "tmp"), { recursive: true });
  const staging = mkdtempSync(join(REPO_ROOT, ".course", "tmp", "reference-02-"));
  writeTree(staging, tree);
  mkdirSync(join(REPO_ROOT, ".course", "cache"), { recursive: true });
  try {
    renameSync(staging, dir); // whole or not at all; a concurrent check may have won the race
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

/** The mission as rendered for a fixed agent email, with the email normalised away. */
async function renderMission(app: RunningApp) {
  const { http, user } = await agent(app, "same");
  const load = await loadMission(app, http);
  load.socket?.close();
  const root = load.reply.body.match(/<div data-live-root[^>]*>([\s\S]*)<\/div>\s*<\/main>/)?.[1] ?? "";
  return { dead: root.replaceAll(user.email, "AGENT"), connected: renderedHtml(load.joined).replaceAll(user.email, "AGENT") };
}
