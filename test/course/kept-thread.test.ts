// The warm runner keeps its vitest worker thread between checks
// (scripts/course/check/kept-thread.mjs). These checks prove the thread is the
// same one and that keeping it changes nothing a learner can see: each check
// reads the app as saved, and a broken app fails only its own check.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coursePaths } from "../../scripts/course/context.ts";
import { WarmRunner } from "../../scripts/course/check/warm.ts";
import { FIXTURE_FILES, makeFixtureCourse, type FixtureCourse } from "./fixture.ts";

const CHECKER = "test/steps/00-count.test.ts";
// The fixture's checker, plus a line in the learner's notes naming the thread it ran in.
const REPORTING_CHECKER = `import fs from "node:fs";
import { threadId } from "node:worker_threads";
${FIXTURE_FILES[CHECKER]}
fs.appendFileSync(process.env.COURSE_REPORT_FILE!, \`thread \${threadId}\\n\`);
`;

let course: FixtureCourse;
let runner: WarmRunner;
beforeAll(async () => {
  course = makeFixtureCourse({ ...FIXTURE_FILES, [CHECKER]: REPORTING_CHECKER });
  course.write("app/app.ts", FIXTURE_FILES["steps/00-count/app.ts"]!);
  runner = await WarmRunner.start(coursePaths(course.root), course.app);
});
afterAll(async () => {
  await runner?.close();
  course?.remove();
});

async function checkApp(appSource: string) {
  course.write("app/app.ts", appSource);
  const run = await runner.run(path.join(course.root, CHECKER));
  const tests = run.report?.testResults[0]?.assertionResults ?? [];
  return {
    passed: tests.filter((test) => test.status === "passed").length,
    loadError: run.report?.testResults[0]?.message ?? "",
    thread: /thread (\d+)/.exec(run.notes)?.[1] ?? null,
  };
}

describe("the warm runner's kept worker thread", () => {
  it("runs check after check in the same thread, each reading the app as saved", async () => {
    const starter = FIXTURE_FILES["steps/00-count/app.ts"]!;
    const solution = FIXTURE_FILES["solutions/00-count/app.ts"]!;
    const runs = [];
    for (const source of [starter, solution, starter, solution, solution]) runs.push(await checkApp(source));
    expect(runs.map((run) => run.passed)).toEqual([1, 2, 1, 2, 2]);
    expect(runs[0]!.thread).not.toBeNull();
    expect(new Set(runs.map((run) => run.thread)).size, "every check should run in the kept thread").toBe(1);
  });

  it("fails only the check of an app that throws on import, and the next check passes", async () => {
    const broken = await checkApp(`throw new Error("broken on purpose");\nexport const greeting = "hello";\n`);
    expect(broken.passed).toBe(0);
    expect(broken.loadError).toContain("broken on purpose");
    const fixed = await checkApp(FIXTURE_FILES["solutions/00-count/app.ts"]!);
    expect(fixed.passed).toBe(2);
  });

  it("lets a module-level value start fresh in each check", async () => {
    // State kept at module level in the app (a counter here) must not carry over between checks.
    const counting = `let calls = 0;\nexport function add(a: number, b: number): number {\n  calls += 1;\n  return calls === 1 ? a + b : -1;\n}\nexport const greeting = "hello";\n`;
    expect((await checkApp(counting)).passed).toBe(2);
    expect((await checkApp(counting)).passed).toBe(2);
  });
});
