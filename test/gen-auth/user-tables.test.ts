/**
 * The count this course is about must not depend on the generator's default
 * names: the generated auth declares its tables (live.userTables), and the
 * query log counts from that declaration. `gen:auth -- Accounts Agent agents`
 * loads an agent once per request, and the log says so.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatJson } from "../../live/index.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { startApp, type RunningApp } from "../../scripts/harness/start-app.ts";
import { generatedApp, removeApp } from "./support/apps.ts";

let dir: string;
let running: RunningApp;
beforeAll(async () => {
  const app = generatedApp(["Accounts", "Agent", "agents"], "agent-tables");
  dir = app.dir;
  if (app.generator.status !== 0) throw new Error(`the generator failed:\n${app.generator.stderr}`);
  running = await startApp({ dir, extra: { bcryptCost: 4 } });
}, 60_000);
afterAll(async () => {
  await running?.close();
  removeApp(dir);
});

describe("user queries with non-default names", () => {
  it("are declared by the generated auth: agents and agents_tokens", () => {
    expect(running.app.live.userTables.names).toEqual(["agents", "agents_tokens"]);
  });

  it("count one agent load per request of a logged-in agent, in the HTTP pipeline", async () => {
    const http = new HttpClient(running.origin);
    await http.get("/agents/register");
    const registered = await http.post("/agents/register", { email: "007@example.com", password: "correct horse battery staple" });
    expect(registered.status, "registering should log the agent in").toBe(302);
    running.clearQueries();
    expect((await http.get("/")).status).toBe(200);
    const loads = running.queries.filter((q) => q.loadsUser);
    expect(
      loads.map((q) => q.phase),
      "fetchCurrentAgent should load the agent once",
    ).toEqual(["http"]);
    expect(loads[0]!.sql).toMatch(/FROM agents_tokens/);
    expect(JSON.parse(formatJson(loads[0]!, running.isUserQuery)).userQuery, "the JSON log marks it too").toBe(true);
  });
});
