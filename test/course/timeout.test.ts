// A learner's app that never finishes loading (an endless loop at import) must
// not hang `course check` or `course watch`: the check stops after its time
// limit (COURSE_CHECK_TIMEOUT_MS here, 2 minutes by default), says what to
// look for, and the next check — after a fix — runs as usual.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckOutcome } from "../../scripts/course/check/outcome.ts";
import { FIXTURE_FILES, makeFixtureCourse, runCourse, watchJson, type FixtureCourse } from "./fixture.ts";

const LIMIT = { COURSE_CHECK_TIMEOUT_MS: "4000" };
const ENDLESS = `while (true) {}\nexport function add(a: number, b: number): number {\n  return a + b;\n}\nexport const greeting = "hello";\n`;

let course: FixtureCourse;
beforeAll(async () => {
  course = makeFixtureCourse();
  await runCourse(course.root, ["start", "00"]);
});
afterAll(() => course?.remove());

describe("a check of an app that never finishes loading", () => {
  it("course check stops at the limit and names the likely cause", async () => {
    course.write("app/app.ts", ENDLESS);
    const startedAt = Date.now();
    const run = await runCourse(course.root, ["check"], LIMIT);
    expect(Date.now() - startedAt, "the check should stop soon after its limit").toBeLessThan(30_000);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("did not finish in");
    expect(run.stdout).toContain("a loop that never ends");
    expect(run.stdout).not.toContain("problem with the course");
  });

  it("course watch reports it, then checks the fixed app with a new warm runner", async () => {
    await expectWatchRecovers(ENDLESS, "timeout");
  });

  it("course watch survives an app that kills the runner's process, and checks the fixed app", async () => {
    await expectWatchRecovers(`process.kill(process.pid, "SIGKILL");\nexport const greeting = "hello";\n`, "runner-error");
  });
});

/** course watch on a broken app: the first check has `status`; after the fix is saved, the next one passes. */
async function expectWatchRecovers(brokenApp: string, status: CheckOutcome["status"]) {
  course.write("app/app.ts", brokenApp);
  const watch = watchJson(course.root, [], LIMIT, 40_000);
  try {
    expect(await watch.check(1)).toMatchObject({ status, runner: "warm" });
    course.write("app/app.ts", FIXTURE_FILES["solutions/00-count/app.ts"]!);
    expect(await watch.check(2)).toMatchObject({ status: "pass", passed: 2, runner: "warm" });
  } finally {
    watch.child.kill("SIGTERM");
  }
}
