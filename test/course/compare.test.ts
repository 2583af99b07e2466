import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFixtureCourse, runCourse, type FixtureCourse } from "./fixture.ts";

let course: FixtureCourse;
beforeAll(async () => {
  course = makeFixtureCourse();
  await runCourse(course.root, ["start", "01"]);
  // changed: app.ts (still the starter); deleted: mine.ts; added: the solution's extra file; noise: lockfile, db
  course.write("solutions/01-double/readme.md", "How doubling works.\n");
  course.write("app/mine.ts", "export const mine = 1;\n");
  course.write("app/package-lock.json", "{}\n");
  course.write("app/dev.db", "sqlite");
  fs.mkdirSync(path.join(course.app, "node_modules"), { recursive: true });
  course.write("app/node_modules/x.js", "x");
});
afterAll(() => course.remove());

describe("course compare", () => {
  it("reports added, changed and deleted files, leaving noise out", async () => {
    const run = await runCourse(course.root, ["compare", "--json"]);
    expect(JSON.parse(run.stdout)).toEqual({ step: "01-double", added: ["readme.md"], changed: ["app.ts"], deleted: ["mine.ts"] });
  });

  it("prints a diff per file, against the solution", async () => {
    const run = await runCourse(course.root, ["compare"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("app/ against the solution for step 01-double: 1 changed, 1 added, 1 deleted");
    expect(run.stdout).toContain("changed  app.ts");
    expect(run.stdout).toContain("-  return n;\n  +  return add(n, n);");
    expect(run.stdout).toContain("added    readme.md");
    expect(run.stdout).toContain("deleted  mine.ts");
    expect(run.stdout).not.toContain("package-lock.json");
    expect(run.stdout).not.toContain("dev.db");
  });

  it("shows starter → yours → solution with --three-way", async () => {
    course.write("app/app.ts", course.read("app/app.ts").replace("return n;", "return n * 3;"));
    const run = await runCourse(course.root, ["compare", "--three-way"]);
    const section = run.stdout.slice(run.stdout.indexOf("changed  app.ts"));
    expect(section.indexOf("starter → yours")).toBeLessThan(section.indexOf("yours → solution"));
    expect(section).toContain("-  return n;\n  +  return n * 3;");
    expect(section).toContain("-  return n * 3;\n  +  return add(n, n);");
  });

  it("says so when app/ matches the solution", async () => {
    const other = makeFixtureCourse();
    try {
      await runCourse(other.root, ["solve", "0"]);
      const run = await runCourse(other.root, ["compare"]);
      expect(run.stdout).toContain("✓ app/ matches the solution for step 00-count.");
    } finally {
      other.remove();
    }
  });
});
