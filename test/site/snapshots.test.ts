import fs from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_FILES, makeFixtureCourse, runCourse, type FixtureCourse } from "../course/fixture.ts";
import { csrfTokenIn, postForm, startSite, type RunningSite } from "./course-fixture.ts";

let course: FixtureCourse;
let site: RunningSite;
const STARTER = FIXTURE_FILES["steps/00-count/app.ts"]!;
const SOLUTION = FIXTURE_FILES["solutions/00-count/app.ts"]!;

beforeAll(async () => {
  course = makeFixtureCourse();
  await runCourse(course.root, ["start", "00"]);
  await runCourse(course.root, ["solve", "00"]); // snapshots the starter
  site = await startSite({ root: course.root });
});
afterAll(async () => {
  await site.close();
  course.remove();
});

function snapshotIds(): string[] {
  return fs
    .readdirSync(path.join(course.root, ".course", "snapshots"))
    .sort()
    .reverse();
}

async function snapshotsPage(): Promise<string> {
  return (await fetch(`${site.origin}/snapshots`)).text();
}

describe("the snapshots page", () => {
  it("lists every snapshot with its stable id and a restore button", async () => {
    const [id] = snapshotIds();
    const body = await snapshotsPage();
    expect(body).toContain(`<code class="snapshot-id">${id}</code>`);
    expect(body).toContain("before course solve 00-count");
    expect(body).toMatch(
      /<form [^>]*action="\/snapshots\/restore" method="post"><input type="hidden" name="_csrf" value="[^"]+"\/><input type="hidden" name="id" value="[^"]+"\/><button/,
    );
  });
});

describe("restoring a snapshot", () => {
  it("refuses a POST without the CSRF token, and one from another origin, and changes nothing", async () => {
    const [id] = snapshotIds();
    const token = csrfTokenIn(await snapshotsPage());
    const noToken = await postForm(site, "/snapshots/restore", { id: id! });
    const foreign = await postForm(site, "/snapshots/restore", { id: id!, _csrf: token }, "http://evil.example");
    const wrongToken = await postForm(site, "/snapshots/restore", { id: id!, _csrf: "guess" });
    expect([noToken.status, foreign.status, wrongToken.status]).toEqual([403, 403, 403]);
    expect(course.read("app/app.ts"), "app/ should still hold the solution").toBe(SOLUTION);
    expect(snapshotIds()).toEqual([id]);
  });

  it("refuses a POST whose Host is not this site (DNS rebinding)", async () => {
    const token = csrfTokenIn(await snapshotsPage());
    const { port } = new URL(site.origin);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const body = new URLSearchParams({ id: snapshotIds()[0]!, _csrf: token }).toString();
      request(
        {
          host: "127.0.0.1",
          port,
          path: "/snapshots/restore",
          method: "POST",
          headers: {
            host: `rebind.example:${port}`,
            origin: `http://rebind.example:${port}`,
            "content-type": "application/x-www-form-urlencoded",
          },
        },
        (reply) => {
          reply.resume();
          resolve(reply.statusCode);
        },
      )
        .on("error", reject)
        .end(body);
    });
    expect([403, 421]).toContain(status);
    expect(course.read("app/app.ts")).toBe(SOLUTION);
  });

  it("saves app/ as a snapshot first, then brings the chosen one back, as `course restore` does", async () => {
    const [id] = snapshotIds();
    const token = csrfTokenIn(await snapshotsPage());
    const reply = await postForm(site, "/snapshots/restore", { id: id!, _csrf: token });
    const body = await reply.text();
    expect(reply.status, body).toBe(200);
    expect(body).toContain(`app/ is back as it was in ${id}.`);
    expect(course.read("app/app.ts"), "app/ should hold the starter again").toBe(STARTER);
    const [newest] = snapshotIds();
    expect(newest, "the app/ that was replaced should be the newest snapshot").toMatch(/-restore-00-count$/);
    expect(fs.readFileSync(path.join(course.root, ".course", "snapshots", newest!, "app.ts"), "utf8")).toBe(SOLUTION);
  });

  it("answers 404 for an id that is not a snapshot", async () => {
    const token = csrfTokenIn(await snapshotsPage());
    expect((await postForm(site, "/snapshots/restore", { id: "--help", _csrf: token })).status).toBe(404);
  });
});
