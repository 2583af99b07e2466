/**
 * Checker for step 02: the mission goes live. Its mount must find the agent
 * from the session on both mounts, refuse a socket with nobody logged in,
 * and — measured with our own hook on the database — the naive version
 * loads the user three times per page load.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csrfFrom, HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient } from "../../scripts/harness/live-client.ts";
import { agent, loadMission, LOG_IN_FLASH, renderedHtml, reportMission, userQueriesByPhase } from "../support/mission.ts";
import { startApp, type RunningApp } from "../../scripts/harness/start-app.ts";

const HOUR_IN_MS = 60 * 60 * 1000;
let running: RunningApp;
let offsetMs = 0; // moves the app's clock forward, to expire tokens without waiting
beforeAll(async () => {
  running = await startApp({ clock: () => Date.now() + offsetMs, extra: { bcryptCost: 4 } });
});
afterAll(() => running?.close());

describe("§ Who is on the socket?", () => {
  it("redirects an HTTP visit with nobody logged in to the log-in page", async () => {
    const http = new HttpClient(running.origin);
    const reply = await http.get("/mission");
    expect(reply.location, "GET /mission with nobody logged in should redirect to /users/log-in").toBe("/users/log-in");
    const page = await http.follow(reply);
    expect(page.body, "the log-in page should show the flash").toContain(LOG_IN_FLASH);
  });

  it("refuses a socket join with nobody logged in, with a redirect to log in", async () => {
    const { http: agentHttp } = await agent(running);
    const load = await loadMission(running, agentHttp);
    load.socket?.close();
    expect(load.page, "GET /mission for a logged-in agent should render the live mission page").not.toBeNull();

    // Someone with a session of their own, but not logged in, presents the agent's page token.
    const stranger = new HttpClient(running.origin);
    const logInPage = await stranger.get("/users/log-in");
    const socket = await LiveClient.connect(stranger, load.page, { csrf: csrfFrom(logInPage.body) });
    const reply = await socket.join(load.page!);
    socket.close();
    expect(
      reply,
      "joining /mission on a socket whose session has no user should reply with a redirect to /users/log-in — in mount, redirect when currentUserFrom(session) is null",
    ).toMatchObject({ t: "redirect", to: "/users/log-in" });
  });
});

describe("§ Loading the agent on each mount", () => {
  it("names the agent after the dead render and again after the connected mount", async () => {
    const { http, user } = await agent(running);
    const load = await loadMission(running, http);
    load.socket?.close();
    expect(load.reply.body, "the HTTP render of /mission should name the agent — assign currentUser in mount").toContain(`Agent: ${user.email}`);
    expect(
      renderedHtml(load.joined),
      `the connected mount should name the agent too (it replied ${JSON.stringify(load.joined).slice(0, 120)}) — mount runs again on the socket, with only the session`,
    ).toContain(`Agent: ${user.email}`);
  });
});

describe("§ Counting: three loads per page", () => {
  it("loads the user once in the HTTP pipeline, once per mount: 3", async () => {
    const { http } = await agent(running);
    const load = await loadMission(running, http);
    load.socket?.close();
    reportMission("Step 02 — one full load of /mission (naive assign):", load);
    const counts = userQueriesByPhase(load.queries);
    expect(counts.http, "fetchCurrentUser should load the user once in the HTTP pipeline").toBe(1);
    expect(counts.dead, "the dead mount should load the user itself, with assign (step 03 removes this)").toBe(1);
    expect(counts.connected, "the connected mount should load the user from the session token").toBe(1);
  });
});

describe("§ The view token", () => {
  it("refuses a forged view token, and asks the page to reload", async () => {
    const { http } = await agent(running);
    const load = await loadMission(running, http);
    const forged = `${load.page!.token.slice(0, -4)}AAAA`;
    const socket = await LiveClient.connect(http, load.page);
    const reply = await socket.join(load.page!, { token: forged });
    socket.close();
    load.socket?.close();
    expect(reply, "a tampered view token must be refused").toMatchObject({ t: "error", code: "token_invalid", reload: true });
  });

  it("refuses an expired view token", async () => {
    const { http } = await agent(running);
    const load = await loadMission(running, http);
    load.socket?.close();
    offsetMs = 13 * HOUR_IN_MS; // view tokens last 12 hours
    try {
      const socket = await LiveClient.connect(http, load.page);
      const reply = await socket.join(load.page!, { handoff: null });
      socket.close();
      expect(reply, "a view token older than its validity must be refused").toMatchObject({ t: "error", code: "token_expired" });
    } finally {
      offsetMs = 0;
    }
  });
});
