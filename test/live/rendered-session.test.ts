/**
 * The upgrade that follows a page load need not read the session again: the
 * page's render handoff holds the session as it was rendered, bound to the
 * session id in the (signed) cookie. Anything that may have changed it — any
 * other request of the session, a log-out, a password change — sends the
 * upgrade back to the store. Counted with the query hook: statements in the
 * `upgrade` phase.
 */
import { afterEach, describe, expect, it } from "vitest";
import { logInAs, renderedHtml, startFixture, type RunningFixture } from "../support/fixture-app.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient, livePage } from "../../scripts/harness/live-client.ts";

let running: RunningFixture;
afterEach(() => running?.close());

const upgradeStatements = () => running.queries.filter((q) => q.phase === "upgrade").length;

/** A logged-in visitor's page, rendered but not yet connected. */
async function renderedPage(user = "alice") {
  const http = await logInAs(new HttpClient(running.origin), user);
  const page = livePage((await http.get("/agents/home")).body, "/agents/home");
  expect(page.handoff, "the page should carry a handoff (else this proves nothing)").not.toBeNull();
  return { http, page };
}

describe("the upgrade after a page load", () => {
  it("takes the session the page was rendered with: no statement, same visitor", async () => {
    running = await startFixture();
    const { http, page } = await renderedPage();
    running.clearQueries();
    const socket = await LiveClient.connect(http, page);
    expect(upgradeStatements(), "the upgrade should not read the session store").toBe(0);
    expect(renderedHtml(await socket.join(page))).toContain('data-visitor="alice from the database"');
    socket.close();
  });

  it("reads the store on a reconnect, which names no handoff", async () => {
    running = await startFixture();
    const { http, page } = await renderedPage();
    running.clearQueries();
    const socket = await LiveClient.connect(http, page, { handoff: false });
    expect(upgradeStatements(), "without a handoff the upgrade reads the session").toBe(1);
    socket.close();
  });

  it("reads the store once another request of the session has run (it may have changed the session)", async () => {
    running = await startFixture();
    const { http, page } = await renderedPage();
    await http.get("/log-out"); // the fixture's log-out only deletes session.user
    running.clearQueries();
    const socket = await LiveClient.connect(http, page);
    expect(upgradeStatements(), "the copy is stale: read the store").toBe(1);
    expect(await socket.join(page), "and the join sees the logged-out session").toMatchObject({ t: "redirect", to: "/login" });
    socket.close();
  });

  it("reads the store when the session's sockets were revoked", async () => {
    running = await startFixture();
    const { http, page } = await renderedPage();
    const sessionId = decodeURIComponent(http.cookies.get("fixture_session")!).slice(2).split(".")[0]!;
    running.app.live.disconnectSession(sessionId, "logged out");
    running.clearQueries();
    (await LiveClient.connect(http, page)).close();
    expect(upgradeStatements()).toBe(1);
  });

  it("never hands one session's copy to another cookie, even with the page's handoff id", async () => {
    running = await startFixture();
    const alice = await renderedPage("alice");
    const bob = await logInAs(new HttpClient(running.origin), "bob");
    const bobPage = livePage((await bob.get("/agents/home")).body, "/agents/home");
    running.clearQueries();
    const socket = await LiveClient.connect(bob, alice.page, { csrf: bobPage.csrf });
    expect(upgradeStatements(), "bob's cookie does not match alice's handoff: read bob's session").toBe(1);
    const html = renderedHtml(await socket.join(bobPage, { handoff: null }));
    expect(html).toContain("bob from the database");
    socket.close();
  });

  it("gives a cookie whose signature does not match no copy: no session, so the CSRF check fails", async () => {
    running = await startFixture();
    const { http, page } = await renderedPage();
    const forged = http.cookieHeader().replace(/(fixture_session=s%3A[^.]+\.)[^;]+/, "$1forged");
    const socket = await LiveClient.connect(http, page, { cookie: forged });
    expect(await socket.closed.then((c) => c.code), "with the page's copy it would pass; without a session it fails the CSRF check").toBe(4403);
  });
});
