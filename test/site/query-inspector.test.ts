import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryInspector, type QueryInspector } from "../../site/query-inspector.ts";
import { startSite, twoStepCourse, type CourseFixture, type RunningSite } from "./course-fixture.ts";

let course: CourseFixture;
let site: RunningSite;
let inspector: QueryInspector;

const SESSION_READ = "SELECT sess FROM sessions WHERE sid = ?";
const USER_JOIN = "SELECT u.* FROM users_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?";

/** One line of the app's LIVE_QUERY_LOG=json output. */
function logLine(phase: string, sql: string, userQuery = false, view: string | null = null, at = Date.now()): string {
  return JSON.stringify({ phase, view, sql, userQuery, at });
}

/** The statements of one /mission page load as step 02's app runs them: 3 user loads, 5 in all. */
function missionPageLoad(): void {
  for (const line of [
    logLine("http", SESSION_READ),
    logLine("http", USER_JOIN, true),
    logLine("mount:dead", USER_JOIN, true, "mission"),
    logLine("upgrade", SESSION_READ),
    logLine("mount:connected", USER_JOIN, true, "mission"),
  ])
    inspector.addLine(line);
}

beforeAll(async () => {
  course = twoStepCourse();
  course.write("lessons/01-socket-mount.mdx", "---\ntitle: The socket mount\n---\n\n# The socket mount\n\n<LatestQueries />\n");
  inspector = createQueryInspector();
  site = await startSite({ root: course.root, inspector });
});
afterAll(async () => {
  await site.close();
  course.remove();
});

async function page(path: string): Promise<string> {
  return (await fetch(`${site.origin}${path}`)).text();
}

/** Reads server-sent events from `path` until one contains `wanted`. */
async function eventContaining(path: string, wanted: string, whileWaiting: () => void = () => {}): Promise<string> {
  const controller = new AbortController();
  const reply = await fetch(`${site.origin}${path}`, { signal: controller.signal });
  expect(reply.headers.get("content-type")).toContain("text/event-stream");
  const reader = reply.body!.pipeThrough(new TextDecoderStream()).getReader();
  let received = "";
  const timeout = setTimeout(() => controller.abort(), 5_000);
  try {
    whileWaiting();
    while (!received.includes(wanted)) {
      const { value, done } = await reader.read();
      if (done) break;
      received += value;
    }
  } catch {
    // aborted: the assertion below says what was missing
  } finally {
    clearTimeout(timeout);
    controller.abort();
  }
  expect(received, `no event containing ${wanted}`).toContain(wanted);
  return received;
}

describe("the query inspector", () => {
  it("reads only the app's JSON query lines", () => {
    const own = createQueryInspector();
    expect(own.addLine("Live Auth is running at http://localhost:4000")).toBeNull();
    expect(own.addLine('{"phase":"nonsense","sql":"x","userQuery":false}')).toBeNull();
    expect(own.addLine(logLine("http", SESSION_READ))).toMatchObject({ phase: "http", sql: SESSION_READ, userQuery: false });
  });

  it("shows a page load's statements per phase, the user loads marked, and the = N line", async () => {
    missionPageLoad();
    const body = await page("/queries");
    expect(body).toContain("Page load #1 · mission");
    expect(body).toMatch(/<tr class="phase-row"><th scope="row">dead mount<\/th><td>1<\/td><td>1<\/td><\/tr>/);
    expect(body).toContain(
      `<tr class="statement user-query"><td colSpan="3"><span class="user-mark" title="loads the user">[user] </span><code>${USER_JOIN}</code>`,
    );
    expect(body).toContain("<strong>user loads: http 1 + dead mount 1 + connected mount 1 = 3</strong> · all statements: 5");
  });

  it("starts a new table for the next page load and for a live navigation, newest first", async () => {
    missionPageLoad();
    inspector.addLine(logLine("navigate", SESSION_READ, false, "settings"));
    const loads = inspector.loads();
    expect(loads.map((load) => `${load.kind} ${load.queries.length}`)).toEqual(["navigation 1", "page load 5", "page load 5"]);
    const body = await page("/queries");
    expect(body.indexOf("Live navigation #3"), "the newest load comes first").toBeLessThan(body.indexOf("Page load #2"));
  });

  it("sends the tables live over server-sent events as statements arrive", async () => {
    const marker = "SELECT 'fed live'";
    const received = await eventContaining("/queries/events", "fed live", () => setTimeout(() => inspector.addLine(logLine("http", marker)), 100));
    expect(received).toMatch(/^event: tables\ndata: "/m);
  });
});

describe("grouping statements into page loads", () => {
  const SESSION_SAVE = "INSERT INTO sessions (sid_hash, data) VALUES (?, ?)";

  it("keeps the session save after the dead mount in the same page load", () => {
    const own = createQueryInspector();
    const at = Date.now();
    for (const line of [
      logLine("http", SESSION_READ, false, null, at),
      logLine("mount:dead", USER_JOIN, true, "mission", at + 2),
      logLine("http", SESSION_SAVE, false, null, at + 3),
      logLine("upgrade", SESSION_READ, false, null, at + 120),
      logLine("mount:connected", USER_JOIN, true, "mission", at + 125),
      logLine("event", USER_JOIN, true, "mission", at + 4_000),
    ])
      own.addLine(line);
    expect(own.loads().map((load) => load.queries.length)).toEqual([6]);
  });

  it("starts a new page load after a pause, even when no socket connected", () => {
    const own = createQueryInspector();
    const at = Date.now();
    own.addLine(logLine("http", SESSION_READ, false, null, at));
    own.addLine(logLine("mount:dead", USER_JOIN, true, "mission", at + 2));
    own.addLine(logLine("http", SESSION_READ, false, null, at + 5_000));
    expect(own.loads().map((load) => load.queries.length)).toEqual([1, 2]);
  });

  it("starts a new page load at a second dead mount (a request without a cookie reads no session)", () => {
    const own = createQueryInspector();
    const at = Date.now();
    own.addLine(logLine("mount:dead", "SELECT value FROM counters WHERE name = ?", false, "counter", at));
    own.addLine(logLine("http", SESSION_SAVE, false, null, at + 1));
    own.addLine(logLine("mount:dead", "SELECT value FROM counters WHERE name = ?", false, "counter", at + 300));
    expect(own.loads().map((load) => load.queries.length)).toEqual([1, 2]);
  });
});

describe("the LatestQueries lesson component", () => {
  it("puts a live box for the newest page load into the lesson", async () => {
    const body = await page("/lessons/01-socket-mount");
    expect(body).toContain('data-query-feed="latest"');
    expect(body).toContain('<script src="/inspector.js" defer="">');
  });

  it("is fed only the newest load", async () => {
    missionPageLoad();
    const received = await eventContaining("/queries/events?latest=1", "= 3");
    expect(received).not.toContain("Page load #1 ");
  });
});
