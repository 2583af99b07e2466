import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FIXTURE_FILES, makeFixtureCourse, type FixtureCourse } from "../course/fixture.ts";
import { startSite, type RunningSite } from "./course-fixture.ts";

let course: FixtureCourse;
let site: RunningSite;

beforeAll(async () => {
  course = makeFixtureCourse();
  course.write(".course/progress.json", JSON.stringify({ current: "00-count", steps: {}, hints: {} }));
  site = await startSite({ root: course.root });
});
afterAll(async () => {
  await site.close();
  course.remove();
});
beforeEach(() => {
  for (const file of ["app.ts", "main.ts", "notes.md"]) course.write(`app/${file}`, FIXTURE_FILES[`steps/00-count/${file}`]!);
});

async function page(path: string): Promise<string> {
  const reply = await fetch(`${site.origin}${path}`);
  expect(reply.status, `GET ${path}`).toBe(200);
  return reply.text();
}

/** The page's text with the colouring spans taken out, so a line reads as one string. */
function text(html: string): string {
  return html.replace(/<\/?span[^>]*>/g, "");
}

describe("the compare page", () => {
  it("shows each changed line of app/ against the solution, with its real line numbers", async () => {
    const body = text(await page("/lessons/00-count/compare"));
    expect(body).toContain("<code>app.ts</code>");
    expect(body, "the learner's line, removed, at line 3 of app/app.ts (the marker is line 1)").toMatch(
      /<tr class="diff-line removed"><td class="number">3<\/td><td class="number"><\/td><td class="sign">-<\/td><td class="code"><code> {2}return a - b;<\/code>/,
    );
    expect(body, "the solution's line, added, at line 2 of the solution").toMatch(
      /<tr class="diff-line added"><td class="number"><\/td><td class="number">2<\/td><td class="sign">\+<\/td><td class="code"><code> {2}return a \+ b;<\/code>/,
    );
    expect(body, "files that match the solution are not listed").not.toContain("<code>main.ts</code>");
  });

  it("colours the code with shiki", async () => {
    const body = await page("/lessons/00-count/compare");
    expect(body, "a keyword should carry a colour").toMatch(/<span style="color:#[0-9A-Fa-f]{6}">return<\/span>/);
  });

  it("hides differences that are only EXERCISE or HINT comments", async () => {
    course.write("app/app.ts", `// HINT: the sum uses +\n${FIXTURE_FILES["solutions/00-count/app.ts"]}`);
    const body = await page("/lessons/00-count/compare");
    expect(body).toContain("app/ matches the solution for step 00-count");
    expect(body).not.toContain("HINT: the sum");
  });

  it("shows starter → yours above yours → solution in three-way mode", async () => {
    course.write("app/app.ts", FIXTURE_FILES["steps/00-count/app.ts"]!.replace("a - b", "a * b"));
    const body = text(await page("/lessons/00-count/compare?three-way=1"));
    expect(body).toMatch(/<figcaption>starter → yours<\/figcaption>.*<figcaption>yours → solution<\/figcaption>/s);
    expect(body).toMatch(/removed.*return a - b;.*added.*return a \* b;.*removed.*return a \* b;.*added.*return a \+ b;/s);
  });

  it("says to start a step when there is no app/", async () => {
    course.write("app/app.ts", "");
    const { rmSync } = await import("node:fs");
    rmSync(course.app, { recursive: true });
    expect(await page("/lessons/00-count/compare")).toContain("npx course start 00");
  });

  it("redirects a step number and answers 404 for an unknown step", async () => {
    const reply = await fetch(`${site.origin}/lessons/0/compare`, { redirect: "manual" });
    expect(reply.headers.get("location")).toBe("/lessons/00-count/compare");
    expect((await fetch(`${site.origin}/lessons/99-nope/compare`)).status).toBe(404);
  });
});
