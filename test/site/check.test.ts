import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FIXTURE_FILES, makeFixtureCourse, type FixtureCourse } from "../course/fixture.ts";
import { csrfTokenIn, postForm, startSite, type RunningSite } from "./course-fixture.ts";

let course: FixtureCourse;
let site: RunningSite;
let token: string;

beforeAll(async () => {
  course = makeFixtureCourse();
  course.write(".course/progress.json", JSON.stringify({ current: "00-count", steps: {}, hints: {} }));
  for (const file of ["app.ts", "main.ts", "notes.md"]) course.write(`app/${file}`, FIXTURE_FILES[`steps/00-count/${file}`]!);
  site = await startSite({ root: course.root });
  token = csrfTokenIn(await (await fetch(`${site.origin}/lessons/00-count`)).text());
});
afterAll(async () => {
  await site.close();
  course.remove();
});
beforeEach(() => course.write("app/app.ts", FIXTURE_FILES["steps/00-count/app.ts"]!));

/** The whole streamed page, without the <!-- --> React puts between adjacent text parts. */
async function runChecks(): Promise<string> {
  const reply = await postForm(site, "/lessons/00-count/check", { _csrf: token });
  const body = await reply.text();
  expect(reply.status, body).toBe(200);
  return body.replaceAll("<!-- -->", "");
}

describe("running the checks from a step page", () => {
  it("offers a Run checks button on the lesson", async () => {
    const body = await (await fetch(`${site.origin}/lessons/00-count`)).text();
    expect(body).toMatch(/<form [^>]*action="\/lessons\/00-count\/check" method="post"><input type="hidden" name="_csrf"/);
  });

  it("refuses a POST without the CSRF token or from another origin", async () => {
    expect((await postForm(site, "/lessons/00-count/check", {})).status).toBe(403);
    expect((await postForm(site, "/lessons/00-count/check", { _csrf: token }, "http://evil.example")).status).toBe(403);
  });

  it("sends the page with a running notice first, then streams the result into it", async () => {
    const reply = await postForm(site, "/lessons/00-count/check", { _csrf: token });
    const reader = reply.body!.pipeThrough(new TextDecoderStream()).getReader();
    const first = (await reader.read()).value!.replaceAll("<!-- -->", "");
    expect(first, "the first part should say the checks are running").toContain("Running the checks for step 00");
    expect(first, "the summary should not be in the first part").not.toContain("checks pass</strong>");
    let rest = "";
    for (let part = await reader.read(); !part.done; part = await reader.read()) rest += part.value;
    expect(rest.replaceAll("<!-- -->", "")).toContain("<strong>1/2 checks pass</strong>");
  });

  it("leads with the count, then each failure with what to change and a link to the lesson section", async () => {
    const body = await runChecks();
    expect(body).toContain("<strong>1/2 checks pass</strong> — step 00-count");
    expect(body).toContain("✗ adds two numbers");
    expect(body).toContain("<strong>make add() return the sum of a and b</strong>");
    expect(body).toContain("expected -1 to be 3");
    expect(body).toContain('<a href="/lessons/00-count#adding">§ Adding</a>');
  });

  it("shows a syntax error with file:line and the source line", async () => {
    course.write("app/app.ts", "export function add(a: number, b: number): number {\n  return a + ;\n}\n");
    const body = await runChecks();
    expect(body).toContain("Your code does not compile, so no checks ran.");
    expect(body).toContain("<code>app/app.ts:2:14</code>");
    expect(body).toContain("return a + ;");
  });

  it("records a pass, so the index and the lesson show the step as passed", async () => {
    course.write("app/app.ts", FIXTURE_FILES["solutions/00-count/app.ts"]!);
    const body = await runChecks();
    expect(body).toContain("✓ <strong>2/2 checks pass</strong>");
    expect(body).toContain("Progress saved.");
    const progress = JSON.parse(course.read(".course/progress.json"));
    expect(progress.steps["00-count"]?.hash, "the pass should be recorded as `course check` records it").toMatch(/^sha256:/);
    const index = await (await fetch(`${site.origin}/`)).text();
    expect(index).toMatch(/class="step passed"><span class="mark"[^>]*>✓<\/span><span class="label">00<\/span>/);
    const lesson = await (await fetch(`${site.origin}/lessons/00-count`)).text();
    expect(lesson).toContain('<span class="step-mark passed">✓ passed</span>');
  });
});
