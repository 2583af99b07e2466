import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckOutcome } from "../../scripts/course/check/outcome.ts";
import { FIXTURE_FILES, makeFixtureCourse, REPO_ROOT, runCourse, type FixtureCourse } from "./fixture.ts";

// A checker whose first check is a prerequisite of the other three, like step 01's generated routes.
const GATED_CHECKER = `import path from "node:path";
import { describe, expect, it } from "vitest";
import { prerequisiteGate } from "${REPO_ROOT}/test/support/prerequisites.ts";

const gate = prerequisiteGate();
const app = await import(path.join(process.env.COURSE_APP_DIR!, "app.ts"));

describe("§ Adding", () => {
  gate.prerequisite("exports add", async () => {
    expect(typeof app.add, "export a function add(a, b) from app.ts").toBe("function");
  });
  it("adds", () => expect(app.add(1, 2), "make add() return the sum").toBe(3));
  it("adds negatives", () => expect(app.add(-1, -2), "make add() return the sum").toBe(-3));
  it("adds zero", () => expect(app.add(5, 0), "make add() return the sum").toBe(5));
});
`;

let course: FixtureCourse;
beforeAll(async () => {
  course = makeFixtureCourse({ ...FIXTURE_FILES, "test/steps/00-count.test.ts": GATED_CHECKER });
  await runCourse(course.root, ["start", "00"]);
});
afterAll(() => course.remove());

describe("a missing prerequisite", () => {
  it("collapses to one failure, with the checks that depend on it skipped", async () => {
    course.write("app/app.ts", 'export const greeting = "hello";\n');
    course.write("app/main.ts", 'import { greeting } from "./app.ts";\n\nconsole.log(greeting);\n');
    const run = await runCourse(course.root, ["check"]);
    expect(run.code, "skipped checks are not passes: the step still fails").toBe(1);
    expect(run.stdout.split("\n")[0]).toBe("✗ 0/4 checks pass — step 00-count");
    expect(run.stdout.match(/^✗ /gm), `one failure, not four:\n${run.stdout}`).toHaveLength(2);
    expect(run.stdout).toContain("✗ exports add\n    export a function add(a, b) from app.ts");
    expect(run.stdout).toContain("3 more checks wait for the failure above");
  });

  it("lets the dependent checks run once it is met", async () => {
    course.write("app/app.ts", FIXTURE_FILES["steps/00-count/app.ts"]!);
    course.write("app/main.ts", FIXTURE_FILES["steps/00-count/main.ts"]!);
    const outcome = JSON.parse((await runCourse(course.root, ["check", "--json"])).stdout) as CheckOutcome;
    expect(outcome).toMatchObject({ status: "fail", passed: 2, total: 4 });
    expect(outcome.checks.map((check) => check.status)).toEqual(["pass", "fail", "fail", "pass"]);
  });
});
