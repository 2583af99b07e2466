import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FIXTURE_SESSION_COOKIE, openPage, renderedHtml, sessionIdOf, startFixture, type RunningFixture } from "../support/fixture-app.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";

let running: RunningFixture;
beforeEach(async () => {
  running = await startFixture();
});
afterEach(() => running.close());

describe("the dead mount", () => {
  it("renders the view inside the layout, with the view's title", async () => {
    const reply = await new HttpClient(running.origin).get("/items/7");
    expect(reply.status, "a live route should answer a plain GET with the page").toBe(200);
    expect(reply.body, "the layout should wrap the view").toContain("<main><div data-live-root");
    expect(reply.body, "the view should render with its params").toContain('data-item="7"');
    expect(reply.body, "the page title should come from the view's title()").toContain("<title>Item 7</title>");
  });

  it("embeds what the socket needs: a signed view token, the view name and the CSRF token", async () => {
    const { page, body, socket } = await openPage(running.origin, "/whoami");
    expect(page.token, "the view token should be payload.signature").toMatch(/^[\w-]+\.[\w-]+$/);
    expect(body, "the live root should name its view").toContain('data-live-view="whoami"');
    expect(page.csrf, "the page should carry the session's CSRF token in a meta tag").toMatch(/^[\w-]{43}$/);
    expect(page.handoff, "a view that used assignNew should leave a handoff id").toMatch(/^[\w-]{24}$/);
    socket.close();
  });

  it("leaves no handoff id when the view assigned nothing with assignNew", async () => {
    const reply = await new HttpClient(running.origin).get("/items/7");
    expect(reply.body, "there is nothing to hand off, so the id should be empty").toContain('data-live-handoff=""');
  });

  it("never puts the session id or the session cookie in the page", async () => {
    const http = new HttpClient(running.origin);
    const { body } = await http.get("/whoami");
    const sessionId = sessionIdOf(http);
    expect(body.includes(sessionId), "the page must not reveal the session id: it is the socket's credential").toBe(false);
    expect(body.includes(decodeURIComponent(http.cookies.get(FIXTURE_SESSION_COOKIE)!)), "the page must not carry the cookie").toBe(false);
  });
});

describe("the connected mount", () => {
  it("mounts the view again over the socket, with the params of the path", async () => {
    const { page, socket } = await openPage(running.origin, "/items/42");
    const html = renderedHtml(await socket.join(page));
    expect(html, "the socket's render should use the path's params").toContain('data-item="42"');
    socket.close();
  });

  it("sends the view's title with the render", async () => {
    const { page, socket } = await openPage(running.origin, "/items/42");
    expect(await socket.join(page), "the rendered reply should carry the title").toMatchObject({ t: "rendered", title: "Item 42" });
    socket.close();
  });

  it("refuses a second join on the same socket", async () => {
    const { page, socket } = await openPage(running.origin, "/items/1");
    await socket.join(page);
    const reply = await socket.join(page);
    expect(reply, "one socket mounts one view").toMatchObject({ t: "error", code: "already_joined" });
    socket.close();
  });
});

describe("events", () => {
  it("re-renders after each event, keeping the view's state between events", async () => {
    const { page, socket } = await openPage(running.origin, "/items/1");
    await socket.join(page);
    expect(renderedHtml(await socket.event("ping")), "one ping should count 1").toContain('data-pings="1"');
    expect(renderedHtml(await socket.event("ping", { by: "5" })), "the event value should reach the handler").toContain('data-pings="6"');
    socket.close();
  });

  it("answers each event with the ref it was sent with", async () => {
    const { page, socket } = await openPage(running.origin, "/items/1");
    await socket.join(page);
    socket.sendJson({ t: "event", ref: 77, event: "ping", value: {} });
    expect(await socket.reply(77), "the reply should echo the event's ref").toMatchObject({ t: "rendered", ref: 77 });
    socket.close();
  });

  it("sends a flash the handler put on the socket along with the re-render", async () => {
    const { page, socket } = await openPage(running.origin, "/items/1");
    await socket.join(page);
    await socket.event("save");
    expect(socket.messages, "the flash should reach the page at once").toContainEqual({ t: "flash", kind: "info", message: "Item saved." });
    socket.close();
  });

  it("answers a crashing handler with server_error, logs it, and keeps the socket", async () => {
    const { page, socket } = await openPage(running.origin, "/items/1");
    await socket.join(page);
    const reply = await socket.event("crash");
    expect(reply, "a handler's exception should become a typed error").toMatchObject({ t: "error", code: "server_error" });
    expect(JSON.stringify(reply), "the error reply must not leak the exception").not.toContain("the item handler failed");
    expect(running.logs.join("\n"), "the crash should be logged with its stack").toContain("the item handler failed");
    expect(renderedHtml(await socket.event("ping")), "the socket should keep serving").toContain('data-pings="1"');
    socket.close();
  });
});
