import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_FILES, makeFixtureCourse, type FixtureCourse } from "../course/fixture.ts";
import { csrfTokenIn, postForm, startSite, type RunningSite } from "./course-fixture.ts";

let course: FixtureCourse;
let site: RunningSite;
let token: string;

beforeAll(async () => {
  course = makeFixtureCourse();
  site = await startSite({ root: course.root });
  token = csrfTokenIn(await (await fetch(`${site.origin}/lessons/00-count`)).text());
});
afterAll(async () => {
  await site.close();
  course.remove();
});

async function runVerb(verb: string, step = "00-count"): Promise<string> {
  const reply = await postForm(site, `/lessons/${step}/${verb}`, { _csrf: token });
  const body = await reply.text();
  expect(reply.status, body).toBe(200);
  return body;
}

function snapshots(): string[] {
  const dir = path.join(course.root, ".course", "snapshots");
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

describe("the course verbs on a step page", () => {
  it("offers start, hint, solve and reset as buttons", async () => {
    const body = await (await fetch(`${site.origin}/lessons/00-count`)).text();
    for (const verb of ["start", "hint", "solve", "reset"]) {
      expect(body, `a ${verb} button`).toMatch(new RegExp(`<form class="verb"[^>]* action="/lessons/00-count/${verb}" method="post">`));
    }
  });

  it("starts a step with `course start`, which puts the starter in app/", async () => {
    const body = await runVerb("start");
    expect(body).toContain("app/ now holds the starter for step 00-count");
    expect(course.read("app/app.ts")).toBe(FIXTURE_FILES["steps/00-count/app.ts"]);
  });

  it("applies the solution with `course solve`, after saving app/ as a snapshot", async () => {
    const before = snapshots().length;
    const body = await runVerb("solve");
    expect(body).toContain("Saved your app/ first");
    expect(course.read("app/app.ts")).toBe(FIXTURE_FILES["solutions/00-count/app.ts"]);
    expect(snapshots()).toHaveLength(before + 1);
  });

  it("shows the next hint with `course hint` and remembers how far the learner climbed", async () => {
    expect(await runVerb("hint")).toContain("Hint 1 of 2");
    expect(await runVerb("hint")).toContain("Hint 2 of 2");
    expect(JSON.parse(course.read(".course/progress.json")).hints["00-count"]).toBe(2);
  });

  it("says what went wrong when the CLI refuses, with the command to run", async () => {
    fs.writeFileSync(path.join(course.root, ".course", "progress.json"), "{ not json");
    const reply = await postForm(site, "/lessons/00-count/reset", { _csrf: token });
    const body = await reply.text();
    fs.writeFileSync(path.join(course.root, ".course", "progress.json"), JSON.stringify({ current: "00-count", steps: {}, hints: {} }));
    expect(reply.status).toBe(409);
    expect(body).toContain("It did not work:");
    expect(body).toContain("progress.json is not valid JSON");
  });
});
