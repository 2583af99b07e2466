import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CheckOutcome } from "../../scripts/course/check/outcome.ts";
import { FIXTURE_FILES, makeFixtureCourse, runCourse, type FixtureCourse } from "./fixture.ts";

let course: FixtureCourse;
beforeAll(async () => {
  course = makeFixtureCourse();
  await runCourse(course.root, ["start", "00"]);
});
afterAll(() => course.remove());
beforeEach(() => course.write("app/app.ts", FIXTURE_FILES["steps/00-count/app.ts"]!));

function progress(): { steps: Record<string, { passedAt: string; hash: string }> } {
  return JSON.parse(course.read(".course/progress.json"));
}

describe("course check", () => {
  it("leads with the count, then each failure with what to change and where to read", async () => {
    const run = await runCourse(course.root, ["check"]);
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("✗ 1/2 checks pass — step 00-count");
    expect(run.stdout).toContain("✗ adds two numbers\n    make add() return the sum of a and b\n    expected -1 to be 3\n");
    expect(run.stdout).toContain("Read: lessons/00-count.mdx § Adding  (npx course lesson 00)");
    expect(run.stdout, "raw runner output only with --verbose").not.toContain("RUN");
    expect(run.stdout).not.toMatch(/^\s+at /m);
  });

  it("records a pass with the time and a hash of the files that passed", async () => {
    course.write("app/app.ts", FIXTURE_FILES["solutions/00-count/app.ts"]!);
    const run = await runCourse(course.root, ["check", "0"]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("✓ 2/2 checks pass");
    expect(run.stdout).toContain("Next: `npx course start 01`");
    const passed = progress().steps["00-count"]!;
    expect(Date.now() - Date.parse(passed.passedAt)).toBeLessThan(60_000);
    expect(passed.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("reports a syntax error with file, line and source, not a stack", async () => {
    course.write("app/app.ts", "export function add(a: number, b: number): number {\n  return a + ;\n}\n");
    const run = await runCourse(course.root, ["check"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Your code does not compile, so no checks ran.");
    expect(run.stdout).toContain("app/app.ts:2:14");
    expect(run.stdout).toContain("return a + ;");
    expect(run.stdout).not.toMatch(/^\s+at /m);
  });

  it("reports a type error with file:line:col and the source line, before the checks", async () => {
    course.write("app/app.ts", FIXTURE_FILES["steps/00-count/app.ts"]!.replace('greeting = "hello"', 'greeting: number = "hello"'));
    const run = await runCourse(course.root, ["check"]);
    expect(run.code).toBe(1);
    const typeReport = run.stdout.indexOf("Your code has a type error.");
    expect(typeReport, run.stdout).toBeGreaterThanOrEqual(0);
    expect(typeReport, "type errors come before the checks").toBeLessThan(run.stdout.indexOf("checks pass"));
    expect(run.stdout).toContain("app/app.ts:6:14  Type 'string' is not assignable to type 'number'.");
    expect(run.stdout).toContain('    export const greeting: number = "hello";\n                 ^');
  });

  it("does not pass a step whose checks pass while its code has type errors", async () => {
    course.write("app/app.ts", FIXTURE_FILES["solutions/00-count/app.ts"]!.replace("a + b", "a + (b as unknown as string)"));
    const outcome = JSON.parse((await runCourse(course.root, ["check", "--json"])).stdout) as CheckOutcome;
    expect(outcome).toMatchObject({ status: "fail", passed: 2, total: 2 });
    expect(outcome.problems).toEqual([expect.objectContaining({ kind: "type", file: "app/app.ts", line: 2 })]);
  });

  it("reports an import that fails as a load error naming the file", async () => {
    course.write("app/app.ts", 'import { missing } from "./nowhere.ts";\nexport const add = missing;\n');
    const run = await runCourse(course.root, ["check", "--json"]);
    const outcome = JSON.parse(run.stdout) as CheckOutcome;
    expect(outcome.status).toBe("load-error");
    expect(outcome.problems[0]).toMatchObject({ kind: "load", file: "app/app.ts" });
    expect(outcome.problems[0]!.message).toContain("./nowhere.ts");
  });

  it("prints machine-readable results with --json", async () => {
    const run = await runCourse(course.root, ["check", "--json"]);
    const outcome = JSON.parse(run.stdout) as CheckOutcome;
    expect(outcome).toMatchObject({ step: "00-count", status: "fail", passed: 1, total: 2 });
    expect(outcome.checks.find((check) => check.status === "fail")).toEqual({
      title: "adds two numbers",
      section: "Adding",
      status: "fail",
      failure: { kind: "assertion", message: "make add() return the sum of a and b", detail: "expected -1 to be 3", location: null },
    });
  });

  it("reports a compile error in --json with its location", async () => {
    course.write("app/main.ts", "const = 1;\n");
    try {
      const outcome = JSON.parse((await runCourse(course.root, ["check", "--json"])).stdout) as CheckOutcome;
      expect(outcome.status).toBe("compile-error");
      expect(outcome.problems).toEqual([expect.objectContaining({ kind: "compile", file: "app/main.ts", line: 1 })]);
    } finally {
      course.write("app/main.ts", FIXTURE_FILES["steps/00-count/main.ts"]!);
    }
  });

  it("shows where in the app a thrown error came from", async () => {
    course.write("app/app.ts", 'export function add(): number {\n  throw new Error("not yet");\n}\nexport const greeting = "hello";\n');
    const outcome = JSON.parse((await runCourse(course.root, ["check", "--json"])).stdout) as CheckOutcome;
    const failure = outcome.checks.find((check) => check.status === "fail")!.failure!;
    expect(failure).toMatchObject({ kind: "error", message: "Error: not yet", location: "app/app.ts:2:9" });
  });

  it("prints the runner's own output with --verbose", async () => {
    const run = await runCourse(course.root, ["check", "--verbose"]);
    expect(run.stdout).toContain("── runner output ──");
    expect(run.stdout).toContain("test/steps/00-count.test.ts");
  });

  it("says there is no app/ yet, and what to run", async () => {
    fs.renameSync(course.app, path.join(course.root, "app-away"));
    try {
      const run = await runCourse(course.root, ["check"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("There is no app/ yet — run `npx course start 00`");
    } finally {
      fs.renameSync(path.join(course.root, "app-away"), course.app);
    }
  });
});
