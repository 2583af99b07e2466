import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { request, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOOL_ROOT } from "../../scripts/course/context.ts";
import type { AppRunner, AppStatus } from "../../site/app-runner.ts";
import { createSite } from "../../site/server.ts";
import { twoStepCourse, type CourseFixture } from "./course-fixture.ts";

let course: CourseFixture;
let server: Server;
let origin: string;

beforeAll(async () => {
  course = twoStepCourse();
  server = createSite({ root: course.root }).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  course.remove();
});

async function get(path: string): Promise<{ status: number; body: string; headers: Headers }> {
  const reply = await fetch(`${origin}${path}`, { redirect: "manual" });
  return { status: reply.status, body: await reply.text(), headers: reply.headers };
}

function rawStatus(path: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(origin);
    request({ hostname, port, path }, (reply) => {
      reply.resume();
      resolve(reply.statusCode);
    })
      .on("error", reject)
      .end();
  });
}

describe("the course index", () => {
  it("lists every step with its lesson title and status", async () => {
    const { status, body } = await get("/");
    expect(status).toBe(200);
    expect(body, "step 00 should show its lesson title").toMatch(/00<\/span><a href="\/lessons\/00-welcome">Welcome to live pages<\/a>/);
    expect(body, "step 01 should show its lesson title").toContain("The socket mount");
    expect(body, "the passed step should be marked ✓").toMatch(/class="step passed"><span class="mark"[^>]*>✓/);
    expect(body, "the current step should be marked •").toMatch(/class="step current"><span class="mark"[^>]*>•/);
  });

  it("says the next command to run and how the loop works", async () => {
    const { body } = await get("/");
    expect(body).toMatch(/<strong>Next:<\/strong>.*npx course check/);
    expect(body, "the next step's sentence is prose, not Markdown with its backticks showing").not.toMatch(/<strong>Next:<\/strong>[^<]*`/);
    for (const verb of ["start", "check", "lesson", "hint", "compare", "solve", "restore"]) {
      expect(body, `the loop box should show course ${verb}`).toContain(`npx course ${verb}`);
    }
  });

  it("sends X-Content-Type-Options: nosniff", async () => {
    const { headers } = await get("/");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("a lesson page", () => {
  it("renders headings with ids and code blocks in <pre>", async () => {
    const { status, body } = await get("/lessons/00-welcome");
    expect(status).toBe(200);
    expect(body).toContain('<h1 id="welcome-to-live-pages">Welcome to live pages</h1>');
    expect(body).toContain('<h2 id="two-renders-one-page">Two renders, one page</h2>');
    expect(body, "a repeated heading should get a distinct id").toContain('<h2 id="two-renders-one-page-1">');
    const code = body.replace(/<\/?span[^>]*>/g, "");
    expect(code, "the code block should keep its text inside a <pre>").toMatch(
      /<pre class="shiki[^>]*><code>const rendered = html`&lt;p&gt;\$\{count\}&lt;\/p&gt;`;/,
    );
  });

  it("sends the lesson's hint ladder hidden, one rung per <Hint>, and points to `course hint` too", async () => {
    const { body } = await get("/lessons/00-welcome");
    const rungs = [...body.matchAll(/<li class="hint-rung" tabindex="-1" hidden="">([\s\S]*?)<\/li>/g)].map((match) => match[1]!);
    expect(rungs, "one hidden rung for the lesson's one <Hint>").toHaveLength(1);
    expect(rungs[0]).toContain("Hint 1 of 1");
    expect(rungs[0], "a rung is Markdown, rendered").toContain("SECRET HINT: look at the <code>counter</code> view.");
    expect(body).toContain('data-hints-shown="0"');
    expect(body).toContain("npx course hint 00");
  });

  it("links to the previous and next lessons", async () => {
    expect((await get("/lessons/00-welcome")).body).toContain('rel="next" href="/lessons/01-socket-mount"');
    expect((await get("/lessons/01-socket-mount")).body).toContain('rel="prev" href="/lessons/00-welcome"');
  });

  it("shows an edited lesson on the next request", async () => {
    course.write("lessons/01-socket-mount.mdx", "---\ntitle: The socket mount\n---\n\n## Edited heading\n");
    const { body } = await get("/lessons/01-socket-mount");
    expect(body).toContain('<h2 id="edited-heading">Edited heading</h2>');
  });

  it("redirects a step number to the lesson's full id", async () => {
    const { status, headers } = await get("/lessons/01");
    expect(status).toBe(302);
    expect(headers.get("location")).toBe("/lessons/01-socket-mount");
  });

  it("answers 404 for an id that is not a step", async () => {
    expect((await get("/lessons/99-nope")).status).toBe(404);
  });

  it("answers 404 for a path traversal", async () => {
    expect((await get("/lessons/..%2F..%2Fetc")).status).toBe(404);
    expect((await get("/lessons/..%2F..%2Fetc%2Fpasswd")).status).toBe(404);
    // fetch would normalise these paths away; a raw request sends them as written.
    expect(await rawStatus("/lessons/%2E%2E")).toBe(404);
    expect(await rawStatus("/lessons/../../etc/passwd")).toBe(404);
  });
});

describe("the stylesheets", () => {
  it("is served as CSS", async () => {
    const reply = await get("/site.css");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toContain("text/css");
  });

  it("shares the app's own stylesheet, the one every learner's app starts with", async () => {
    const reply = await get("/app.css");
    expect(reply.headers.get("content-type")).toContain("text/css");
    expect(reply.body).toBe(fs.readFileSync(path.join(TOOL_ROOT, "steps", "00-welcome", "public", "app.css"), "utf8"));
    expect((await get("/")).body, "every page links it before its own").toMatch(/href="\/app.css"[\s\S]*href="\/site.css"/);
  });
});

describe("the app notice", () => {
  function siteWith(status: AppStatus): Promise<{ server: Server; origin: string }> {
    const appRunner: AppRunner = {
      url: "http://localhost:4000",
      start: async () => {},
      stop: async () => {},
      status: () => status,
      isListening: async () => false,
    };
    const server = createSite({ root: course.root, appRunner }).listen(0, "127.0.0.1");
    return new Promise((resolve) =>
      server.once("listening", () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
    );
  }

  it("tells the learner to start a step when there is no app/", async () => {
    const { server, origin } = await siteWith({ state: "absent", firstStep: "00" });
    const body = await (await fetch(`${origin}/`)).text();
    server.close();
    expect(body).toContain('No step started yet — run <code class="command">npx course start 00</code>');
  });

  it("shows the first lines of the error when the app crashed", async () => {
    const { server, origin } = await siteWith({
      state: "crashed",
      exitCode: 1,
      errorLines: ['app/app.ts:3:15: ERROR: Unexpected ";"'],
      problems: [],
    });
    const body = await (await fetch(`${origin}/app`)).text();
    server.close();
    expect(body).toContain("Your app stopped (exit code 1)");
    expect(body).toContain("app/app.ts:3:15: ERROR: Unexpected &quot;;&quot;");
  });

  it("shows a syntax error's file:line:column and source line on the app page", async () => {
    const problem = { kind: "compile" as const, file: "app/app.ts", line: 2, column: 14, message: 'Unexpected ";"', source: "  return a + ;" };
    const { server, origin } = await siteWith({ state: "crashed", exitCode: 1, errorLines: [], problems: [problem] });
    const body = await (await fetch(`${origin}/app`)).text();
    server.close();
    expect(body).toContain("<code>app/app.ts:2:14</code> Unexpected &quot;;&quot;");
    expect(body).toContain("<pre>  return a + ;\n             ^</pre>");
  });

  it("names the fix when the app's port is taken", async () => {
    const { server, origin } = await siteWith({ state: "port-busy", port: 4000 });
    const body = await (await fetch(`${origin}/app`)).text();
    server.close();
    expect(body).toContain("Port 4000 is taken by another program");
    expect(body).toContain("PORT=4001 npm start");
  });
});
