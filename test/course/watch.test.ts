import type { ChildProcess } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { coursePaths } from "../../scripts/course/context.ts";
import { fileEventsArrive } from "../../scripts/course/watcher.ts";
import { FIXTURE_FILES, makeFixtureCourse, runCourse, watchJson, type FixtureCourse } from "./fixture.ts";

let course: FixtureCourse;
let watcher: ChildProcess | null = null;
beforeEach(async () => {
  course = makeFixtureCourse();
  await runCourse(course.root, ["start", "00"]);
});
afterEach(() => {
  watcher?.kill("SIGKILL");
  course.remove();
});

/** `course watch --json`, stopped after the test. */
function watch(args: string[], env: Record<string, string> = {}) {
  const started = watchJson(course.root, args, env);
  watcher = started.child;
  return { until: started.line };
}

async function expectRecheckAfterSave(args: string[], mode: string, env: Record<string, string> = {}) {
  const { until } = watch(args, env);
  expect(await until(1, "the mode")).toMatchObject({ mode });
  expect(await until(2, "the first check")).toMatchObject({ status: "fail", passed: 1 });
  course.write("app/app.ts", FIXTURE_FILES["solutions/00-count/app.ts"]!);
  expect(await until(3, "the check after saving")).toMatchObject({ status: "pass", passed: 2 });
}

describe("course watch", () => {
  it("checks again after a save, on file events", async () => {
    await expectRecheckAfterSave([], "events");
  });

  it("checks again after a save when polling is forced with --poll", async () => {
    await expectRecheckAfterSave(["--poll"], "polling");
  });

  it("falls back to polling by itself when no file event arrives", async () => {
    await expectRecheckAfterSave([], "polling", { COURSE_WATCH_PROBE_MS: "0" });
  });

  it("probes for file events on this disk", async () => {
    expect(await fileEventsArrive(coursePaths(course.root), 2000)).toBe(true);
  });
});
