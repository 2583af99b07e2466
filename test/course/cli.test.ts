import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFixtureCourse, runCourse, type FixtureCourse } from "./fixture.ts";

let course: FixtureCourse;
beforeAll(() => {
  course = makeFixtureCourse();
});
afterAll(() => course.remove());

describe("a mistyped verb", () => {
  it("is called an unknown command, with the verb it was probably meant to be", async () => {
    const run = await runCourse(course.root, ["chek"]);
    expect(run.code).toBe(1);
    expect(run.stderr, "a typo must not be read as an argument to the default command").not.toContain("too many arguments");
    expect(run.stderr).toContain("unknown command 'chek' — did you mean 'check'?");
  });

  it("still runs status when no verb is given", async () => {
    const run = await runCourse(course.root, []);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/· 00-count\s+Counting/);
  });
});

describe("commands as the learner must type them", () => {
  it("prints every Next: command with npx, since course is not on the PATH", async () => {
    const run = await runCourse(course.root, ["status"]);
    const nextLine = run.stdout.split("\n").find((line) => line.startsWith("Next:"));
    expect(nextLine).toBe("Next: `npx course start 00`");
  });

  it("names the program npx course in help", async () => {
    const run = await runCourse(course.root, ["check", "--help"]);
    expect(run.stdout).toContain("Usage: npx course check");
  });

  it("never prints a bare `course …` command", async () => {
    const outputs = await Promise.all([["status"], ["hint", "00"], ["start"], ["chek"]].map((args) => runCourse(course.root, args)));
    for (const run of outputs) expect(run.stdout + run.stderr).not.toContain("`course ");
  });
});
