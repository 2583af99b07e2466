import { afterEach, describe, expect, it } from "vitest";
import { logInAs, openPage, renderedHtml, startFixture, type RunningFixture } from "../support/fixture-app.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient, livePage } from "../../scripts/harness/live-client.ts";

const HANDOFF_TTL_IN_MS = 10_000; // HANDOFF_DEFAULTS.ttlMs

let running: RunningFixture;
afterEach(() => running.close());

/** The visitor a render shows (the whoami and guarded views put it in data-visitor). */
function visitorIn(html: string): string | undefined {
  return html.match(/data-visitor="([^"]*)"/)?.[1];
}

describe("assignNew on the dead mount", () => {
  it("uses the value the HTTP pipeline put in res.locals and does not call the loader", async () => {
    running = await startFixture();
    const reply = await new HttpClient(running.origin).get("/whoami?visitor=Xavier");
    expect(visitorIn(reply.body), "the view should show what the middleware loaded").toBe("Xavier from the request");
    expect(running.app.visitors.loads, "the loader must not run when res.locals has the value").toBe(0);
  });

  it("calls the loader when res.locals has no value", async () => {
    running = await startFixture();
    const http = await logInAs(new HttpClient(running.origin), "alice");
    const reply = await http.get("/whoami");
    expect(visitorIn(reply.body), "the loader's value should be rendered").toBe("alice from the database");
    expect(running.app.visitors.loads, "the loader should run exactly once").toBe(1);
  });
});

describe("assignNew on the connected mount (the render handoff)", () => {
  it("adopts the dead render's value instead of calling the loader", async () => {
    running = await startFixture();
    const { page, socket } = await openPage(running.origin, "/whoami?visitor=Xavier");
    const html = renderedHtml(await socket.join(page));
    expect(html, "this render should come from the socket").toContain('data-mounted-over="socket"');
    expect(visitorIn(html), "the connected mount should adopt the handed-off value").toBe("Xavier from the request");
    expect(running.app.visitors.loads, "adopting a value must not call the loader").toBe(0);
    socket.close();
  });

  it("is single-use: a second join with the same handoff id calls the loader", async () => {
    running = await startFixture();
    const first = await openPage(running.origin, "/whoami?visitor=Xavier");
    await first.socket.join(first.page);
    const second = await LiveClient.connect(first.http, first.page);
    const html = renderedHtml(await second.join(first.page));
    expect(visitorIn(html), "a used handoff id should give nothing: the loader's value is shown").toBe("a guest");
    expect(running.app.visitors.loads, "the second join should call the loader once").toBe(1);
    first.socket.close();
    second.close();
  });

  it("is still adopted just before its 10 s TTL ends", async () => {
    let now = Date.now();
    running = await startFixture({ clock: () => now });
    const { page, socket } = await openPage(running.origin, "/whoami?visitor=Xavier");
    now += HANDOFF_TTL_IN_MS - 1;
    expect(visitorIn(renderedHtml(await socket.join(page))), "a fresh handoff should be adopted").toBe("Xavier from the request");
    expect(running.app.visitors.loads, "no loader call for a fresh handoff").toBe(0);
    socket.close();
  });

  it("expires after its 10 s TTL: the connected mount calls the loader", async () => {
    let now = Date.now();
    running = await startFixture({ clock: () => now });
    const { page, socket } = await openPage(running.origin, "/whoami?visitor=Xavier");
    now += HANDOFF_TTL_IN_MS + 1;
    expect(visitorIn(renderedHtml(await socket.join(page))), "a stale handoff must not be adopted").toBe("a guest");
    expect(running.app.visitors.loads, "the loader should run instead").toBe(1);
    socket.close();
  });

  it("is bound to its session: another session presenting the id gets its own value from the loader", async () => {
    running = await startFixture();
    const alice = await openPage(running.origin, "/whoami?visitor=Xavier");
    const bob = await openPage(running.origin, "/whoami", await logInAs(new HttpClient(running.origin), "bob"));
    const loadsBefore = running.app.visitors.loads;
    const html = renderedHtml(await bob.socket.join(bob.page, { handoff: alice.page.handoff }));
    expect(visitorIn(html), "bob must never see the value handed off to another session").toBe("bob from the database");
    expect(running.app.visitors.loads - loadsBefore, "bob's connected mount should call the loader").toBe(1);
    alice.socket.close();
    bob.socket.close();
  });

  it("is bound to its view: a handoff id of another view's page is not adopted", async () => {
    running = await startFixture();
    const http = await logInAs(new HttpClient(running.origin), "alice");
    const whoami = await openPage(running.origin, "/whoami?visitor=Xavier", http);
    const dashboard = await openPage(running.origin, "/dashboard", http);
    const html = renderedHtml(await dashboard.socket.join(dashboard.page, { handoff: whoami.page.handoff }));
    expect(visitorIn(html), "the dashboard must not adopt values handed off to whoami").toBe("alice from the database");
    whoami.socket.close();
    dashboard.socket.close();
  });

  it("is off with `handoff: false`: the page has no handoff id and the connected mount calls the loader", async () => {
    running = await startFixture({ handoff: false });
    const { page, socket } = await openPage(running.origin, "/whoami?visitor=Xavier");
    expect(page.handoff, "with the handoff off the page should carry no id").toBeNull();
    expect(visitorIn(renderedHtml(await socket.join(page))), "the connected mount should load its own value").toBe("a guest");
    expect(running.app.visitors.loads, "the loader should run on the connected mount only").toBe(1);
    socket.close();
  });

  it("is bounded: past maxEntries the oldest page's handoff is evicted and its join calls the loader", async () => {
    running = await startFixture({ live: { handoff: { maxEntries: 2 } } });
    const oldest = await openPage(running.origin, "/whoami?visitor=Oldest");
    await openPage(running.origin, "/whoami?visitor=Middle");
    const newest = await openPage(running.origin, "/whoami?visitor=Newest");
    expect(running.app.live.handoff.size, "the store should hold at most maxEntries").toBe(2);
    expect(visitorIn(renderedHtml(await oldest.socket.join(oldest.page))), "the evicted handoff should miss").toBe("a guest");
    expect(visitorIn(renderedHtml(await newest.socket.join(newest.page))), "the newest should be adopted").toBe("Newest from the request");
    expect(running.app.visitors.loads, "only the evicted page should call the loader").toBe(1);
  });
});

describe("the render handoff and revocation", () => {
  it("is dropped when its log-in is disconnected between the render and the join: the loader decides", async () => {
    running = await startFixture();
    const http = await logInAs(new HttpClient(running.origin), "alice");
    const reply = await http.get("/whoami");
    expect(running.app.visitors.loads, "the dead mount loads alice once").toBe(1);
    // Elsewhere, alice's log-in ends (say, a password change): her sockets close, her handoffs go.
    running.app.live.disconnectLiveSocketId("user:alice", "password changed");
    const page = livePage(reply.body, "/whoami");
    const socket = await LiveClient.connect(http, page);
    await socket.join(page);
    socket.close();
    expect(running.app.visitors.loads, "with the handoff revoked, the connected mount must run the loader").toBe(2);
  });
});
