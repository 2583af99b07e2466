import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeFixtureCourse, runCourse, type FixtureCourse } from "./fixture.ts";

let course: FixtureCourse;
beforeEach(() => {
  course = makeFixtureCourse();
});
afterEach(() => course.remove());

describe("course status", () => {
  it("lists every step and says to start the first one", async () => {
    const run = await runCourse(course.root, []);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/· 00-count\s+Counting/);
    expect(run.stdout).toMatch(/· 01-double\s+Doubling/);
    expect(run.stdout).toContain("Next: `npx course start 00`");
  });

  it("marks passed, not-passing and current steps, and points at the next", async () => {
    await runCourse(course.root, ["solve", "00"]);
    await runCourse(course.root, ["check"]);
    let run = await runCourse(course.root, ["status"]);
    expect(run.stdout).toMatch(/✓ 00-count\s+Counting\s+← current/);
    expect(run.stdout).toContain("Next: `npx course start 01`");

    await runCourse(course.root, ["start", "01"]);
    run = await runCourse(course.root, ["status"]);
    expect(run.stdout).toMatch(/• 01-double\s+Doubling\s+← current/);
    expect(run.stdout).toContain("run `npx course check`");

    const passed = { passedAt: new Date().toISOString(), hash: "sha256:0" };
    course.write(".course/progress.json", JSON.stringify({ current: "01-double", steps: { "01-double": passed }, hints: {} }));
    run = await runCourse(course.root, ["status"]);
    expect(run.stdout).toMatch(/✗ 00-count/);
    expect(run.stdout).toContain("step 00 does not pass yet — `npx course start 00`");
  });

  it("explains a broken progress file and what to do", async () => {
    course.write(".course/progress.json", "{ not json");
    const run = await runCourse(course.root, ["status"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(".course/progress.json is not valid JSON");
    expect(run.stderr).toContain("run `npx course status`");
  });

  it("names `course status` for an unknown step", async () => {
    const run = await runCourse(course.root, ["start", "9"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('There is no step "9" (steps are 00–01) — run `npx course status`');
  });
});
