import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { logInAs, openPage, renderedHtml, startFixture, type RunningFixture } from "../support/fixture-app.ts";
import { LOG_IN_FIRST } from "../support/fixture-views.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient } from "../../scripts/harness/live-client.ts";

let running: RunningFixture;
beforeEach(async () => {
  running = await startFixture();
});
afterEach(() => running.close());

/** A /dashboard tab loaded while logged in, reconnecting after its user logged out (not yet joined). */
async function dashboardAfterLogOut() {
  const http = await logInAs(new HttpClient(running.origin), "alice");
  const tab = await openPage(running.origin, "/dashboard", http);
  await http.get("/log-out");
  // A socket reads the session once, at its upgrade: only a socket opened after the log-out sees it.
  tab.socket.close();
  return { ...tab, socket: await LiveClient.connect(http, tab.page) };
}

describe("an onMount hook that halts, on the dead mount", () => {
  it("answers 302 to the hook's target instead of rendering", async () => {
    const reply = await new HttpClient(running.origin).get("/dashboard");
    expect(reply.status, "an anonymous visitor should be redirected").toBe(302);
    expect(reply.location, "the hook redirects to the log-in page").toBe("/login");
    expect(reply.body, "nothing of the guarded view may be sent").not.toContain("dashboard of");
  });

  it("does not run the view's mount", async () => {
    await new HttpClient(running.origin).get("/dashboard");
    expect(running.app.visitors.loads, "the guarded view's loader must not run for a halted mount").toBe(0);
  });

  it("shows the hook's flash on the next page, once", async () => {
    const http = new HttpClient(running.origin);
    const next = await http.follow(await http.get("/dashboard"));
    expect(next.body, "the log-in page should show why the visitor was sent there").toContain(LOG_IN_FIRST);
    expect((await http.get("/login")).body, "a flash is shown only once").not.toContain(LOG_IN_FIRST);
  });

  it("lets the view render once the hook continues", async () => {
    const http = await logInAs(new HttpClient(running.origin), "alice");
    const reply = await http.get("/dashboard");
    expect(reply.status, "a logged-in visitor should get the page").toBe(200);
    expect(reply.body, "the guarded view should render").toContain("dashboard of alice from the database");
  });
});

describe("an onMount hook that halts, on the socket join", () => {
  it("replies with a redirect carrying a signed flash token", async () => {
    const { page, socket } = await dashboardAfterLogOut();
    const reply = await socket.join(page);
    expect(reply, "a join the hook refuses should redirect").toMatchObject({ t: "redirect", to: "/login" });
    expect((reply as { flash: string | null }).flash, "the flash should travel as a signed token").toMatch(/^[\w-]+\.[\w-]+$/);
    socket.close();
  });

  it("delivers the flash on the next page when the client hands the token back in the live_flash cookie", async () => {
    const { http, page, socket } = await dashboardAfterLogOut();
    const reply = (await socket.join(page)) as { flash: string };
    http.cookies.set("live_flash", reply.flash);
    const next = await http.get("/login");
    expect(next.body, "the log-in page should show the hook's flash").toContain(LOG_IN_FIRST);
    expect(http.cookies.has("live_flash"), "the flash cookie should be cleared once read").toBe(false);
    socket.close();
  });

  it("leaves the socket unjoined, so events are refused", async () => {
    const { page, socket } = await dashboardAfterLogOut();
    await socket.join(page);
    const reply = await socket.event("anything");
    expect(reply, "a redirected socket has no view to send events to").toMatchObject({ t: "error", code: "not_joined" });
    socket.close();
  });

  it("mounts the view when the session still passes the hook", async () => {
    const http = await logInAs(new HttpClient(running.origin), "alice");
    const { page, socket } = await openPage(running.origin, "/dashboard", http);
    expect(renderedHtml(await socket.join(page)), "a logged-in join should render").toContain("dashboard of alice");
    socket.close();
  });
});

describe("liveSession grouping", () => {
  it("runs the live session's onMount hooks for every route in it", async () => {
    const http = new HttpClient(running.origin);
    for (const path of ["/dashboard", "/settings"]) {
      const reply = await http.get(path);
      expect([reply.status, reply.location], `${path} is in the authenticated live session`).toEqual([302, "/login"]);
    }
  });

  it("does not run them for routes outside the live session", async () => {
    const reply = await new HttpClient(running.origin).get("/whoami");
    expect(reply.status, "/whoami is outside the authenticated live session").toBe(200);
  });
});

describe("the live_flash cookie", () => {
  it("is ignored when its signature is forged", async () => {
    const http = new HttpClient(running.origin);
    const payload = Buffer.from(JSON.stringify({ data: { error: "Your account is locked" }, exp: Date.now() + 60_000 }));
    http.cookies.set("live_flash", `${payload.toString("base64url")}.not-our-signature`);
    const reply = await http.get("/login");
    expect(reply.status, "a bad flash cookie is not an error").toBe(200);
    expect(reply.body, "a flash with a forged signature must not be shown").not.toContain("Your account is locked");
  });
});
