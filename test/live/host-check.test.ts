/**
 * Host checks (SECURITY 32): the app and the course site answer only their
 * own names — the configured origin, and in development the loopback names
 * for the same port — so a DNS-rebinding page cannot read them. The live
 * socket takes the same names as its Origin.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowedOrigins } from "../../live/index.ts";
import { createSite } from "../../site/server.ts";
import { registerUser, uniqueEmail } from "../support/auth-fixtures.ts";
import { HttpClient, rawGet } from "../../scripts/harness/http-client.ts";
import { LiveClient, livePage } from "../../scripts/harness/live-client.ts";
import { REPO_ROOT, startApp, type RunningApp } from "../../scripts/harness/start-app.ts";
import { writeStepTree } from "../support/step-tree.ts";

const ROUTES = [
  "/",
  "/counter",
  "/mission",
  "/users/log-in",
  "/users/register",
  "/dev/mailbox",
  "/dev/mailbox.json",
  "/assets/app.css",
  "/live/client.js",
  "/no-such-page",
];

let tree: ReturnType<typeof writeStepTree>;
let dev: RunningApp;
let production: RunningApp;
beforeAll(async () => {
  tree = writeStepTree("03", "solution", "host-check");
  const dir = tree.dir;
  dev = await startApp({ dir, extra: { bcryptCost: 4 } });
  production = await startApp({ dir, originFor: (port) => `http://localhost:${port}`, extra: { bcryptCost: 12, production: true } });
});
afterAll(async () => {
  await dev?.close();
  await production?.close();
  tree?.remove();
});

const portOf = (running: RunningApp) => new URL(running.origin).port;

describe("the app, on every route", () => {
  it.each(ROUTES)("refuses %s for a host that is not the app's, with 421 and the address to open", async (path) => {
    const reply = await rawGet(dev.origin, path, { host: `evil.example:${portOf(dev)}` });
    expect(reply.status, `${path} must not be answered for evil.example`).toBe(421);
    expect(reply.body, "the refusal should name the address to open instead").toContain(dev.origin);
    expect(reply.body, "the refusal must not carry any of the app's data").not.toMatch(/csrf-token|confirm\//);
  });

  it("does not hand a rebinding page the dev mailbox's links", async () => {
    await registerUser(new HttpClient(dev.origin), uniqueEmail("mailbox"));
    const own = await rawGet(dev.origin, "/dev/mailbox.json", { host: `127.0.0.1:${portOf(dev)}` });
    expect(own.body, "the app's own address should still show the mailbox (else this test proves nothing)").toContain("/users/confirm/");
    const rebound = await rawGet(dev.origin, "/dev/mailbox.json", { host: `evil.example:${portOf(dev)}` });
    expect(rebound.body).not.toContain("/users/confirm/");
  });

  it("answers the loopback names for its own port in development", async () => {
    for (const name of ["localhost", "127.0.0.1", "[::1]", "LOCALHOST"]) {
      expect((await rawGet(dev.origin, "/", { host: `${name}:${portOf(dev)}` })).status, `${name} should be answered`).toBe(200);
    }
    expect((await rawGet(dev.origin, "/", { host: "localhost:1" })).status, "another port is another origin").toBe(421);
    expect((await rawGet(dev.origin, "/", { host: "localhost" })).status, "no port means port 80").toBe(421);
  });

  it("answers only the configured host in production", async () => {
    expect((await rawGet(production.origin, "/", { host: `localhost:${portOf(production)}` })).status).toBe(200);
    expect((await rawGet(production.origin, "/", { host: `127.0.0.1:${portOf(production)}` })).status).toBe(421);
  });
});

describe("the live socket", () => {
  it("takes the loopback aliases of its origin as same-origin in development", async () => {
    const http = new HttpClient(dev.origin);
    const page = livePage((await http.get("/counter")).body, "/counter");
    const socket = await LiveClient.connect(http, page, { origin: `http://localhost:${portOf(dev)}` });
    expect(await socket.join(page)).toMatchObject({ t: "rendered" });
    socket.close();
  });

  it("refuses them in production, and any other origin in every mode", async () => {
    const http = new HttpClient(production.origin);
    const page = livePage((await http.get("/counter")).body, "/counter");
    await expect(LiveClient.connect(http, page, { origin: `http://127.0.0.1:${portOf(production)}` })).rejects.toThrow(/403/);
    await expect(LiveClient.connect(http, page, { origin: `http://evil.example:${portOf(production)}` })).rejects.toThrow(/403/);
    const devHttp = new HttpClient(dev.origin);
    const devPage = livePage((await devHttp.get("/counter")).body, "/counter");
    await expect(LiveClient.connect(devHttp, devPage, { origin: `http://evil.example:${portOf(dev)}` })).rejects.toThrow(/403/);
  });

  it("names the origins it accepts in the page, for the client's banner", async () => {
    const body = (await new HttpClient(production.origin).get("/counter")).body;
    expect(body).toContain(`data-live-origins="http://localhost:${portOf(production)}"`);
    expect(allowedOrigins({ origin: "http://localhost:4000", development: true })).toEqual([
      "http://localhost:4000",
      "http://127.0.0.1:4000",
      "http://[::1]:4000",
    ]);
  });
});

describe("the course site", () => {
  it("answers only the loopback names on its own port", async () => {
    const server = createSite({ root: REPO_ROOT }).listen(0, "127.0.0.1");
    await new Promise((listening) => server.once("listening", listening));
    const port = (server.address() as AddressInfo).port;
    const origin = `http://127.0.0.1:${port}`;
    try {
      expect((await rawGet(origin, "/", { host: `localhost:${port}` })).status).toBe(200);
      const refused = await rawGet(origin, "/", { host: `evil.example:${port}` });
      expect(refused.status).toBe(421);
      expect(refused.body).toContain(`http://localhost:${port}/`);
    } finally {
      server.close();
    }
  });
});
