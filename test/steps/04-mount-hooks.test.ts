/**
 * Checker for step 04: mount hooks. The agent's pages share a live session
 * whose onMount hooks establish and guard the agent on every mount — the
 * dead render, the join and a live navigation, which sends no HTTP request.
 * What the hooks set with assignNew is carried from the view being left, so
 * a navigation loads nobody: 1 user query per page load, 0 per navigation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logInAs } from "../support/auth-fixtures.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient, livePage } from "../../scripts/harness/live-client.ts";
import { agent, LOG_IN_FLASH, renderedHtml, userQueriesByPhase } from "../support/mission.ts";
import { loadLivePage } from "../../scripts/harness/page-load.ts";
import { queryTable } from "../support/query-table.ts";
import { report } from "../support/report.ts";
import { startApp, type RunningApp } from "../../scripts/harness/start-app.ts";

let running: RunningApp;
beforeAll(async () => {
  running = await startApp({ extra: { bcryptCost: 4 } });
});
afterAll(() => running?.close());

const HOOKS = "app/auth/user-live-auth.ts";

describe("§ One mount function for every live view", () => {
  it("mounts the mission and the briefing for a logged-in agent, each for one user query per page load", async () => {
    const { http, user } = await agent(running);
    for (const path of ["/mission", "/briefing"]) {
      const load = await loadLivePage(running, http, path);
      load.socket?.close();
      expect(load.reply.status, `GET ${path} should render the page for a logged-in agent`).toBe(200);
      expect(renderedHtml(load.joined), `the connected mount of ${path} should show the agent`).toContain(`Agent: ${user.email}`);
      const counts = userQueriesByPhase(load.queries);
      report(queryTable(`Step 04 — one full load of ${path}:`, load.queries));
      report(`  => all statements: ${load.queries.length}; user loads: http ${counts.http} + dead ${counts.dead} + connected ${counts.connected}\n`);
      expect(counts, `${path} should load the agent once, in the HTTP pipeline: the hook's assignNew finds it on both mounts`).toEqual({
        http: 1,
        dead: 0,
        connected: 0,
      });
    }
  });

  it("sends a socket without a valid session to log in, with the flash (requireAuthenticated)", async () => {
    const { http } = await agent(running);
    const page = livePage((await http.get("/briefing")).body, "/briefing");
    await http.post("/users/log-out", {});
    await http.get("/"); // the fresh, anonymous session and its CSRF token
    const socket = await LiveClient.connect(http, page, csrfOf(http));
    const reply = await socket.join(page);
    socket.close();
    expect(
      reply,
      `a logged-out socket joining the briefing should be redirected to /users/log-in — the requireAuthenticated hook in ${HOOKS} halts it`,
    ).toMatchObject({
      t: "redirect",
      to: "/users/log-in",
    });
    expect(reply.t === "redirect" && reply.flash, `the redirect should carry the flash "${LOG_IN_FLASH}"`).toBeTruthy();
  });

  it("sends a logged-in agent away from the guest-only page, on the socket too (redirectIfUserIsAuthenticated)", async () => {
    const guest = new HttpClient(running.origin);
    const page = livePage((await guest.get("/recruit")).body, "/recruit");
    const { user } = await agent(running, "recruit");
    await logInAs(guest, user); // the same browser logs in; its old tab still holds the guest page
    await guest.get("/");
    expect((await guest.get("/recruit")).location, "GET /recruit should send a logged-in agent to /").toBe("/");
    const socket = await LiveClient.connect(guest, page, csrfOf(guest));
    const reply = await socket.join(page);
    socket.close();
    expect(reply, `joining /recruit as an agent should redirect to / — the redirectIfUserIsAuthenticated hook in ${HOOKS}`).toMatchObject({
      t: "redirect",
      to: "/",
    });
  });
});

describe("§ Zero queries per live navigation", () => {
  it("navigates mission → briefing → mission over the open socket without loading the agent again", async () => {
    const { http, user } = await agent(running);
    const load = await loadLivePage(running, http, "/mission");
    const socket = load.socket!;
    for (const to of ["/briefing", "/mission"]) {
      running.clearQueries();
      const reply = await socket.navigate(to);
      expect(reply, `a live link to ${to} should mount it on the same socket`).toMatchObject({ t: "navigated", to });
      expect(renderedHtml(reply.t === "navigated" ? { ...reply, t: "rendered" } : reply), `${to} should show the agent`).toContain(
        `Agent: ${user.email}`,
      );
      const navigate = running.queries.filter((q) => q.phase === "navigate");
      report(queryTable(`Step 04 — a live navigation to ${to}:`, running.queries));
      expect(
        navigate.filter((q) => q.loadsUser).length,
        `navigating to ${to} loaded the agent again: move the guard into requireAuthenticated (${HOOKS}) and list it in the live session's onMount, so the agent is carried over`,
      ).toBe(0);
      expect(running.queries.filter((q) => q.phase === "http").length, "a live navigation sends no HTTP request").toBe(0);
    }
    socket.close();
  });

  it("loads a view of another live session over HTTP: the server refuses to navigate there", async () => {
    const { http } = await agent(running);
    const load = await loadLivePage(running, http, "/mission");
    for (const to of ["/counter", "/recruit", "/users/settings"]) {
      expect(await load.socket!.navigate(to), `${to} is not in the agent's live session: a page load must run its own pipeline`).toMatchObject({
        t: "error",
        code: "navigate_refused",
      });
    }
    load.socket!.close();
  });

  it("never shows the agent on a navigation once the session is logged out in another browser", async () => {
    const { http, user } = await agent(running);
    const load = await loadLivePage(running, http, "/mission");
    const thief = new HttpClient(running.origin); // another browser holding the same session cookie
    for (const [name, value] of http.cookies) thief.cookies.set(name, value);
    await thief.get("/");
    await thief.post("/users/log-out", {});
    const outcome = await Promise.race([load.socket!.navigate("/briefing").then((m) => m), load.socket!.closed.then(() => null)]).catch(() => null);
    const leaked = outcome !== null && "html" in outcome && outcome.html.includes(user.email);
    expect(leaked, "a navigation after log-out must not render the agent: log-out closes the session's sockets").toBe(false);
    load.socket!.close();
  });
});

/** The CSRF token of the page the client looked at last, as the socket's connect option. */
function csrfOf(http: HttpClient) {
  const token = http.lastHtml.match(/<meta name="csrf-token" content="([^"]+)"/)?.[1] ?? null;
  return { csrf: token };
}
