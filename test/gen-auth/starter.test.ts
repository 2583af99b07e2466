/** starter(01) — the base app with the step's markers and an unprotected mission — compiles, starts and serves pages. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { startApp, type RunningApp } from "../../scripts/harness/start-app.ts";
import { materialise, removeApp, typecheckApp } from "./support/apps.ts";

let dir: string;
let running: RunningApp;
beforeAll(async () => {
  dir = materialise("starter", "starter");
  running = await startApp({ dir });
});
afterAll(async () => {
  await running?.close();
  removeApp(dir);
});

describe("starter(01)", () => {
  it("typechecks without the generated code", () => {
    const run = typecheckApp(dir);
    expect(run.status, run.stdout + run.stderr).toBe(0);
  }, 120_000);

  it("serves the home page and the counter", async () => {
    const http = new HttpClient(running.origin);
    expect((await http.get("/")).status).toBe(200);
    expect((await http.get("/counter")).status).toBe(200);
  });

  it("serves the mission to anyone, as an unknown agent, until the auth is wired", async () => {
    const reply = await new HttpClient(running.origin).get("/mission");
    expect(reply.status).toBe(200);
    expect(reply.body).toContain("Top secret mission");
    expect(reply.body).toContain("unknown agent");
  });

  it("has no auth routes yet", async () => {
    expect((await new HttpClient(running.origin).get("/users/log-in")).status).toBe(404);
  });
});
