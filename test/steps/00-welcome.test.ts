/**
 * Checker for step 00: the live counter gets a −1 button. It drives the app
 * the way the browser does — an HTTP page load, then a socket join and events —
 * and reads the query log to show where each statement ran.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient, livePage } from "../../scripts/harness/live-client.ts";
import { queryTable } from "../support/query-table.ts";
import { report } from "../support/report.ts";
import { startApp, type RunningApp } from "../../scripts/harness/start-app.ts";

let running: RunningApp;
beforeAll(async () => {
  running = await startApp();
});
afterAll(() => running?.close());

async function openCounter() {
  const http = new HttpClient(running.origin);
  const reply = await http.get("/counter");
  const page = livePage(reply.body, "/counter");
  const socket = await LiveClient.connect(http, page);
  const joined = await socket.join(page);
  return { http, reply, socket, joined };
}

function countIn(message: unknown): number | null {
  const html = (message as { html?: string }).html ?? "";
  const found = html.match(/data-count="(-?\d+)"/);
  return found ? Number(found[1]) : null;
}

describe("§ Two renders, one page", () => {
  it("renders the counter over HTTP and again over the socket", async () => {
    running.clearQueries();
    const { reply, socket, joined } = await openCounter();
    socket.close();
    report(queryTable("Queries for one load of /counter:", running.queries));
    expect(reply.status, "GET /counter should render the live counter page").toBe(200);
    expect(joined.t, "joining the counter over the socket should reply with a render").toBe("rendered");
    const counterReads = running.queries.filter((q) => q.sql.includes("FROM counters"));
    expect(
      counterReads.map((q) => q.phase),
      "the counter's mount should read the count once on the dead mount and once on the connected mount",
    ).toEqual(["mount:dead", "mount:connected"]);
  });
});

describe("§ Your first event", () => {
  it("shows a −1 button that sends the dec event", async () => {
    const { reply, socket } = await openCounter();
    socket.close();
    expect(reply.body, 'the counter page has no button with live-click="dec" — add one next to the +1 button in views/counter-live.ts').toMatch(
      /<button[^>]*live-click="dec"/,
    );
  });

  it("takes one off the counter when dec arrives", async () => {
    const { socket, joined } = await openCounter();
    const before = countIn(joined);
    const reply = await socket.event("dec");
    socket.close();
    expect(reply.t, `sending dec got ${JSON.stringify(reply)} — add a dec handler to handleEvent in views/counter-live.ts`).toBe("rendered");
    expect(countIn(reply), "after dec the rendered count should be one less than before").toBe((before ?? 0) - 1);
  });

  it("saves the new count, so the next page load shows it", async () => {
    const { socket } = await openCounter();
    running.clearQueries();
    const reply = await socket.event("dec");
    socket.close();
    const writes = running.queries.filter((q) => q.phase === "event" && /counters/.test(q.sql));
    expect(writes.length, "dec should update the counter in the database (use counters.add), not only the screen").toBe(1);
    const again = await new HttpClient(running.origin).get("/counter");
    expect(again.body, "a new page load should show the count that dec saved").toContain(`data-count="${countIn(reply)}"`);
  });
});
