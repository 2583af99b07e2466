import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient, livePage } from "../../scripts/harness/live-client.ts";
import { REPO_ROOT, startApp, type RunningApp } from "../../scripts/harness/start-app.ts";

let running: RunningApp;
beforeEach(async () => {
  running = await startApp({ dir: `${REPO_ROOT}/steps/00-welcome` });
});
afterEach(() => running.close());

describe("a live page load", () => {
  it("renders over HTTP, then mounts again over the socket", async () => {
    const http = new HttpClient(running.origin);
    const reply = await http.get("/counter");
    expect(reply.status).toBe(200);
    expect(reply.body).toContain("Last mounted over HTTP");
    const page = livePage(reply.body, "/counter");
    const socket = await LiveClient.connect(http, page);
    const rendered = await socket.join(page);
    expect(rendered).toMatchObject({ t: "rendered" });
    expect((rendered as { html: string }).html).toContain("Last mounted over the websocket");
    const phases = running.queries.map((q) => q.phase);
    expect(phases).toContain("mount:dead");
    expect(phases).toContain("upgrade");
    expect(phases).toContain("mount:connected");
    socket.close();
  });

  it("handles an event and re-renders", async () => {
    const http = new HttpClient(running.origin);
    const page = livePage((await http.get("/counter")).body, "/counter");
    const socket = await LiveClient.connect(http, page);
    await socket.join(page);
    const rendered = await socket.event("inc");
    expect((rendered as { html: string }).html).toContain('data-count="1"');
    expect(running.queries.filter((q) => q.phase === "event")).toHaveLength(1);
    socket.close();
  });
});
