// SECURITY.md 32–33: every course-site action that changes files (or runs
// something) is a POST with the site's CSRF token, from the site's own origin,
// on a Host that names this machine. A page elsewhere, or a DNS-rebinding page,
// triggers none of them.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFixtureCourse, runCourse, type FixtureCourse } from "../course/fixture.ts";
import { csrfTokenIn, postForm, startSite, type RunningSite } from "./course-fixture.ts";

let course: FixtureCourse;
let site: RunningSite;
let token: string;
const ACTIONS = [
  "/lessons/00-count/check",
  "/lessons/00-count/start",
  "/lessons/00-count/solve",
  "/lessons/00-count/reset",
  "/lessons/00-count/hint",
  "/snapshots/restore",
  "/app/typecheck",
];

beforeAll(async () => {
  course = makeFixtureCourse();
  await runCourse(course.root, ["start", "00"]);
  site = await startSite({ root: course.root });
  token = csrfTokenIn(await (await fetch(`${site.origin}/lessons/00-count`)).text());
});
afterAll(async () => {
  await site.close();
  course.remove();
});

function progress(): string {
  return course.read(".course/progress.json");
}

function postWithHost(path: string, host: string): Promise<number | undefined> {
  const { port } = new URL(site.origin);
  return new Promise((resolve, reject) => {
    request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        headers: {
          host,
          origin: `http://${host}`,
          "content-type": "application/x-www-form-urlencoded",
        },
      },
      (reply) => {
        reply.resume();
        resolve(reply.statusCode);
      },
    )
      .on("error", reject)
      .end(new URLSearchParams({ _csrf: token }).toString());
  });
}

describe("every action that changes files", () => {
  it.each(ACTIONS)("%s refuses a form from another origin, even with the token", async (action) => {
    const before = progress();
    expect((await postForm(site, action, { _csrf: token, id: "x" }, "http://evil.example")).status).toBe(403);
    expect((await postForm(site, action, { _csrf: token, id: "x" }, "null")).status, "a sandboxed page sends Origin: null").toBe(403);
    expect(progress()).toBe(before);
  });

  it.each(ACTIONS)("%s refuses a POST without the token, or with a wrong one", async (action) => {
    expect((await postForm(site, action, { id: "x" })).status).toBe(403);
    expect((await postForm(site, action, { _csrf: `${token}x`, id: "x" })).status).toBe(403);
  });

  it.each(ACTIONS)("%s refuses a POST with neither Origin nor Referer", async (action) => {
    const reply = await fetch(`${site.origin}${action}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: token }).toString(),
    });
    expect(reply.status).toBe(403);
  });

  it.each(ACTIONS)("%s refuses a DNS-rebinding Host", async (action) => {
    const { port } = new URL(site.origin);
    expect([403, 421]).toContain(await postWithHost(action, `rebind.example:${port}`));
  });

  it("is not reachable with GET", async () => {
    for (const action of ACTIONS) expect((await fetch(`${site.origin}${action}`)).status, action).toBe(404);
  });
});
