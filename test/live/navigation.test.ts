/**
 * Live navigation: a live link mounts another view of the same live session
 * on the open socket, with no HTTP request. The session's hooks run again
 * (phase `navigate`), and what they set with assignNew is carried from the
 * view being left — so the visitor is not loaded again — unless the app asks
 * for `revalidateOnNavigate`. Another live session, or no live route at all,
 * is refused with a typed error: the client loads it over HTTP.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CLOSE } from "../../live/protocol.ts";
import { closeCodeOf, logInAs, openPage, renderedHtml, sessionIdOf, startFixture, type RunningFixture } from "../support/fixture-app.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient } from "../../scripts/harness/live-client.ts";

let running: RunningFixture;
afterEach(() => running?.close());

/** A logged-in visitor's tab on `path`, joined. */
async function joinedTab(path: string, user = "alice") {
  const http = await logInAs(new HttpClient(running.origin), user);
  const tab = await openPage(running.origin, path, http);
  expect(await tab.socket.join(tab.page)).toMatchObject({ t: "rendered" });
  return tab;
}

const navigatedHtml = (message: unknown) => renderedHtml({ ...(message as object), t: "rendered" });

describe("a live navigation in the same live session", () => {
  it("mounts the target on the same socket and carries what the hooks loaded: no load, no HTTP", async () => {
    running = await startFixture();
    const tab = await joinedTab("/agents/home");
    const loadsBefore = running.app.visitors.loads;
    running.clearQueries();
    const reply = await tab.socket.navigate("/agents/files");
    expect(reply).toMatchObject({ t: "navigated", to: "/agents/files", view: "files" });
    expect(navigatedHtml(reply)).toContain('data-visitor="alice from the database"');
    expect(running.app.visitors.loads, "the hook's assignNew should find the carried visitor").toBe(loadsBefore);
    expect(
      running.queries.filter((q) => q.sql.includes("visitors")),
      "no statement should load the visitor",
    ).toEqual([]);
    expect(
      running.queries.filter((q) => q.phase === "http"),
      "a live navigation sends no HTTP request",
    ).toEqual([]);
  });

  it("hands the client a view token for the new view, so a reconnect joins it", async () => {
    running = await startFixture();
    const tab = await joinedTab("/agents/home");
    const reply = await tab.socket.navigate("/agents/files");
    const token = reply.t === "navigated" ? reply.token : "";
    const again = await LiveClient.connect(tab.http, tab.page);
    expect(await again.join(tab.page, { token, handoff: null, path: "/agents/files" }), "the new token opens the new view").toMatchObject({
      t: "rendered",
    });
    again.close();
  });

  it("loads the visitor again on every navigation with revalidateOnNavigate, in the navigate phase", async () => {
    running = await startFixture({ live: { revalidateOnNavigate: true } });
    const tab = await joinedTab("/agents/home");
    running.clearQueries();
    expect(await tab.socket.navigate("/agents/files")).toMatchObject({ t: "navigated" });
    const loads = running.queries.filter((q) => q.sql.includes("FROM visitors"));
    expect(
      loads.map((q) => [q.phase, q.view]),
      "one load, tagged with the navigate phase and the new view",
    ).toEqual([["navigate", "files"]]);
  });

  it("follows pushNavigate from an event handler", async () => {
    running = await startFixture();
    const tab = await joinedTab("/agents/home");
    expect(await tab.socket.event("go", { to: "/agents/files" })).toMatchObject({ t: "navigated", to: "/agents/files", view: "files" });
    expect(await tab.socket.event("go", { to: "/dashboard" }), "pushNavigate across live sessions becomes a page load").toMatchObject({
      t: "redirect",
      to: "/dashboard",
    });
  });
});

describe("a navigation the socket must not take", () => {
  it.each([
    ["/dashboard", "navigate_refused", "a view of another live session"],
    ["/items/1", "navigate_refused", "a live view outside any live session"],
    ["/login", "navigate_refused", "a plain HTTP page"],
    ["/no/such/page", "navigate_refused", "no route at all"],
    ["//evil.example/agents/files", "bad_target", "another host"],
  ])("refuses %s with %s (%s), and the socket keeps serving", async (to, code) => {
    running = await startFixture();
    const tab = await joinedTab("/agents/home");
    expect(await tab.socket.navigate(to)).toMatchObject({ t: "error", code });
    expect(await tab.socket.navigate("/agents/files"), "the view stays mounted after a refusal").toMatchObject({ t: "navigated" });
  });

  it("refuses to navigate from a view that is in no live session", async () => {
    running = await startFixture();
    const tab = await joinedTab("/items/1");
    expect(await tab.socket.navigate("/items/2")).toMatchObject({ t: "error", code: "navigate_refused" });
  });

  it("refuses a navigation before a join", async () => {
    running = await startFixture();
    const { socket } = await openPage(running.origin, "/agents/home", await logInAs(new HttpClient(running.origin), "bob"));
    expect(await socket.navigate("/agents/files")).toMatchObject({ t: "error", code: "not_joined" });
  });

  it("runs nothing once the session is revoked: the socket is closed, and the navigation gets no view", async () => {
    running = await startFixture();
    const tab = await joinedTab("/agents/home");
    running.app.live.disconnectSession(sessionIdOf(tab.http), "logged out");
    expect(await closeCodeOf(tab.socket)).toBe(CLOSE.loggedOut);
    expect(tab.socket.messages.filter((m) => m.t === "navigated")).toEqual([]);
  });
});

describe("a live patch", () => {
  it("runs handleParams with the new params and query, without mounting again", async () => {
    running = await startFixture();
    const tab = await joinedTab("/agents/roster/1");
    const reply = await tab.socket.navigate("/agents/roster/2?sort=rank", "patch");
    expect(reply).toMatchObject({ t: "navigated", to: "/agents/roster/2?sort=rank", view: "roster" });
    const html = navigatedHtml(reply);
    expect(html).toContain('data-roster-page="2"');
    expect(html).toContain('data-sort="rank"');
    expect(html, "mount ran once, on the join").toContain('data-mounts="1"');
    expect(html, "handleParams ran on the join and on the patch").toContain('data-params="2"');
  });

  it("follows pushPatch from an event handler", async () => {
    running = await startFixture();
    const tab = await joinedTab("/agents/roster/3");
    expect(await tab.socket.event("next")).toMatchObject({ t: "navigated", to: "/agents/roster/4" });
  });

  it("refuses a patch to another view", async () => {
    running = await startFixture();
    const tab = await joinedTab("/agents/roster/1");
    expect(await tab.socket.navigate("/agents/home", "patch")).toMatchObject({ t: "error", code: "bad_target" });
  });
});
