import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { formatJson, formatPretty, printQueryLog, queryLogFormat, UserTables, type QueryEvent } from "../../live/index.ts";
import { logInAs, openPage, sessionIdOf, startFixture } from "../support/fixture-app.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient, livePage } from "../../scripts/harness/live-client.ts";
import { REPO_ROOT, startApp, type RunningApp } from "../../scripts/harness/start-app.ts";

const noUsers = () => false;

let running: RunningApp;
afterEach(() => running.close());

/** The welcome app's counter: a dead render, a socket, a join and one click. */
async function counterPageLoadWithOneClick() {
  running = await startApp({ dir: `${REPO_ROOT}/steps/00-welcome` });
  const http = new HttpClient(running.origin);
  const page = livePage((await http.get("/counter")).body, "/counter");
  const socket = await LiveClient.connect(http, page);
  await socket.join(page);
  await socket.event("inc");
  socket.close();
}

/** Where (phase and view) the first statement matching `sql` ran. */
function whereRan(sql: RegExp) {
  const query = running.queries.find((q) => sql.test(q.sql));
  if (!query) throw new Error(`no statement matching ${sql} was logged; got:\n${running.queries.map((q) => q.sql).join("\n")}`);
  return { phase: query.phase, view: query.view };
}

function phasesOf(sql: RegExp) {
  return running.queries.filter((q) => sql.test(q.sql)).map((q) => `${q.phase} ${q.view}`);
}

describe("the query log's phases", () => {
  it("attributes the session save after the page to http", async () => {
    await counterPageLoadWithOneClick();
    expect(whereRan(/^INSERT INTO sessions/), "saving the session is part of the HTTP request").toEqual({ phase: "http", view: null });
  });

  it("attributes the view's queries during the page render to mount:dead, with the view's name", async () => {
    await counterPageLoadWithOneClick();
    expect(phasesOf(/^SELECT value FROM counters/)[0], "the dead mount reads the counter").toBe("mount:dead counter");
  });

  it("attributes the socket's session read to upgrade", async () => {
    await counterPageLoadWithOneClick();
    expect(whereRan(/^SELECT data, expires_at, created_at FROM sessions/), "the upgrade reads the session").toEqual({ phase: "upgrade", view: null });
  });

  it("attributes the view's queries during the join to mount:connected", async () => {
    await counterPageLoadWithOneClick();
    expect(phasesOf(/^SELECT value FROM counters/)[1], "the connected mount reads the counter again").toBe("mount:connected counter");
  });

  it("attributes a handler's queries to event", async () => {
    await counterPageLoadWithOneClick();
    expect(whereRan(/^INSERT INTO counters/), "the click writes the counter").toEqual({ phase: "event", view: "counter" });
  });

  it("shows the render handoff sparing the connected mount its query", async () => {
    running = await startFixture();
    const { page, socket } = await openPage(running.origin, "/whoami");
    await socket.join(page);
    expect(phasesOf(/FROM visitors/), "only the dead mount should load the visitor").toEqual(["mount:dead whoami"]);
    socket.close();
  });

  it("shows the connected mount querying again with the handoff off", async () => {
    running = await startFixture({ handoff: false });
    const { page, socket } = await openPage(running.origin, "/whoami");
    await socket.join(page);
    expect(phasesOf(/FROM visitors/), "each mount should load the visitor").toEqual(["mount:dead whoami", "mount:connected whoami"]);
    socket.close();
  });
});

describe("printing the query log", () => {
  it("reads the format from LIVE_QUERY_LOG, pretty by default", () => {
    expect(queryLogFormat({ LIVE_QUERY_LOG: "json" }), "json was asked for").toBe("json");
    expect(queryLogFormat({ LIVE_QUERY_LOG: "off" }), "off was asked for").toBe("off");
    expect(queryLogFormat({}), "unset means pretty").toBe("pretty");
    expect(queryLogFormat({ LIVE_QUERY_LOG: "yaml" }), "an unknown format falls back to pretty").toBe("pretty");
  });

  it("prints one JSON object per statement with LIVE_QUERY_LOG=json", async () => {
    running = await startApp({ dir: `${REPO_ROOT}/steps/00-welcome` });
    const lines: string[] = [];
    running.clearQueries();
    printQueryLog(running.queryLog, queryLogFormat({ LIVE_QUERY_LOG: "json" }), running.isUserQuery, (line) => lines.push(line));
    await new HttpClient(running.origin).get("/counter");
    expect(lines.length, "every statement of the page load should be printed").toBe(running.queries.length);
    const printed = lines.map((line) => JSON.parse(line));
    expect(printed, "the dead mount's read should be printed with its phase and view").toContainEqual(
      expect.objectContaining({ phase: "mount:dead", view: "counter", sql: "SELECT value FROM counters WHERE name = ?" }),
    );
  });

  it("prints nothing with LIVE_QUERY_LOG=off", async () => {
    running = await startApp({ dir: `${REPO_ROOT}/steps/00-welcome` });
    const lines: string[] = [];
    printQueryLog(running.queryLog, queryLogFormat({ LIVE_QUERY_LOG: "off" }), running.isUserQuery, (line) => lines.push(line));
    await new HttpClient(running.origin).get("/counter");
    expect(lines, "off means off").toEqual([]);
  });

  it("never prints bound string values: user names, session hashes", async () => {
    running = await startFixture();
    const http = await logInAs(new HttpClient(running.origin), "alice");
    await http.get("/whoami");
    const sessionHash = createHash("sha256").update(sessionIdOf(http)).digest("hex");
    const raw = running.queries.map((q) => q.sql).join("\n");
    expect(raw, "the raw statements carry the user name (else this test proves nothing)").toContain("'alice'");
    expect(raw, "and the start of the session's hash").toContain(sessionHash.slice(0, 32));
    for (const printed of running.queries.flatMap((q) => [formatJson(q, noUsers), formatPretty(q, noUsers)])) {
      expect(printed, "a printed statement must not show the user name").not.toContain("alice");
      expect(printed, "a printed statement must not show the session hash").not.toContain(sessionHash.slice(0, 32));
    }
    expect(formatJson(running.queries.find((q) => q.sql.includes("FROM visitors"))!, noUsers), "bound values show as ?").toContain("WHERE user = ?");
  });
});

describe("formatJson", () => {
  const event = (sql: string): QueryEvent => ({ phase: "event", view: "counter", sql, at: 1 });
  const userTables = new UserTables();
  userTables.declare(["users", "users_tokens"]);

  it("yields one line of JSON with phase, view, sql and whether it loads the user", () => {
    const line = formatJson(event("SELECT *\n  FROM users_tokens\n  WHERE token = 'secret-token'"), userTables.isUserQuery);
    expect(line.includes("\n"), "one statement, one line").toBe(false);
    expect(JSON.parse(line), "the fields tools rely on").toEqual({
      phase: "event",
      view: "counter",
      sql: "SELECT * FROM users_tokens WHERE token = ?",
      userQuery: true,
      at: 1,
    });
  });

  it("redacts strings with escaped quotes and strings SQLite truncated", () => {
    const sql = "INSERT INTO t VALUES ('it''s a secret','yyyy'/*+1968 bytes*/, 42)";
    expect(JSON.parse(formatJson(event(sql), userTables.isUserQuery)).sql, "every string literal should become ?").toBe(
      "INSERT INTO t VALUES (?,?, 42)",
    );
  });
});

describe("UserTables: which statements load the user", () => {
  it("counts nothing until the app declares its tables", () => {
    expect(new UserTables().isUserQuery("SELECT * FROM users WHERE id = 1")).toBe(false);
  });

  it("counts statements naming a declared table, whatever the generator called it", () => {
    const tables = new UserTables();
    tables.declare(["agents", "agents_tokens"]);
    expect(tables.isUserQuery("SELECT a.* FROM agents_tokens t JOIN agents a ON a.id = t.agent_id")).toBe(true);
    expect(tables.isUserQuery("SELECT * FROM users WHERE id = 1"), "users is not declared here").toBe(false);
    expect(tables.isUserQuery("SELECT data FROM sessions WHERE sid_hash = ?"), "a session read is not a user load").toBe(false);
    expect(tables.isUserQuery("UPDATE secret_agents SET x = 1"), "a longer name that contains one is another table").toBe(false);
  });

  it("refuses a table name that is not a plain identifier", () => {
    expect(() => new UserTables().declare(["users) OR (1"])).toThrow(/not a table name/);
  });
});
