import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildTree, lintChain } from "../../scripts/course/chain.ts";
import { coursePaths } from "../../scripts/course/context.ts";
import { materialise } from "../../scripts/course/materialise.ts";
import { findStep, listSteps, resolveStep } from "../../scripts/course/steps.ts";
import { FIXTURE_FILES, filesIn, makeFixtureCourse, type FixtureCourse } from "./fixture.ts";

let course: FixtureCourse;
afterEach(() => course?.remove());

function textOf(tree: Map<string, Buffer>): Record<string, string> {
  return Object.fromEntries([...tree].map(([file, content]) => [file, content.toString("utf8")]));
}

describe("the step chain", () => {
  it("builds starter(00) from the base step alone", () => {
    course = makeFixtureCourse();
    const steps = listSteps(course.root);
    expect(Object.keys(textOf(buildTree(steps, steps[0]!, "starter"))).sort()).toEqual(["app.ts", "main.ts", "notes.md"]);
  });

  it("lays each overlay over the one before, applying deletions", () => {
    course = makeFixtureCourse();
    const steps = listSteps(course.root);
    const starter01 = textOf(buildTree(steps, steps[1]!, "starter"));
    expect(Object.keys(starter01).sort(), "notes.md is listed in steps/01-double/.course-deletions").toEqual(["app.ts", "main.ts"]);
    expect(starter01["app.ts"]).toBe(FIXTURE_FILES["steps/01-double/app.ts"]);
    expect(starter01["main.ts"], "unchanged files come from the base").toBe(FIXTURE_FILES["steps/00-count/main.ts"]);
    expect(textOf(buildTree(steps, steps[1]!, "solution"))["app.ts"]).toBe(FIXTURE_FILES["solutions/01-double/app.ts"]);
  });

  it("deletes whole directories named in .course-deletions", () => {
    course = makeFixtureCourse({ ...FIXTURE_FILES, "steps/00-count/lib/a.ts": "a\n", "steps/01-double/.course-deletions": "lib/\nnotes.md\n" });
    const steps = listSteps(course.root);
    expect([...buildTree(steps, steps[1]!, "starter").keys()].sort()).toEqual(["app.ts", "main.ts"]);
  });

  it("rejects an overlay file identical to the file it overlays", () => {
    course = makeFixtureCourse({ ...FIXTURE_FILES, "solutions/01-double/main.ts": FIXTURE_FILES["steps/00-count/main.ts"]! });
    const steps = listSteps(course.root);
    expect(() => buildTree(steps, steps[1]!, "solution")).toThrow("solutions/01-double/main.ts is identical to the file it overlays");
    expect(lintChain(steps)).toHaveLength(1);
  });

  it("rejects deleting a file that is not there", () => {
    course = makeFixtureCourse({ ...FIXTURE_FILES, "solutions/01-double/.course-deletions": "nope.ts\n" });
    const steps = listSteps(course.root);
    expect(lintChain(steps)).toEqual([expect.stringContaining('"nope.ts" does not exist')]);
  });

  it("reports a step without a solution directory", () => {
    const { "solutions/01-double/app.ts": _dropped, ...files } = FIXTURE_FILES;
    course = makeFixtureCourse(files);
    expect(lintChain(listSteps(course.root))).toEqual([expect.stringContaining("solutions/01-double/ is missing")]);
  });

  it("materialises a tree into a fresh directory inside the course", () => {
    course = makeFixtureCourse();
    const steps = listSteps(course.root);
    const destination = path.join(course.root, ".course", "tmp", "materialised");
    materialise(coursePaths(course.root), steps, steps[1]!, "solution", destination);
    expect(filesIn(destination)["app.ts"]).toBe(FIXTURE_FILES["solutions/01-double/app.ts"]);
    expect(() => materialise(coursePaths(course.root), steps, steps[1]!, "solution", destination)).toThrow("already exists");
    expect(fs.readdirSync(path.join(course.root, ".course", "tmp"))).toEqual(["materialised"]);
  });
});

describe("naming a step", () => {
  it('accepts "1", "01", "01-double" and "double"', () => {
    course = makeFixtureCourse();
    const steps = listSteps(course.root);
    for (const name of ["1", "01", "01-double", "double"]) expect(findStep(steps, name)?.id, name).toBe("01-double");
  });

  it("names `course status` when the step does not exist", () => {
    course = makeFixtureCourse();
    expect(() => resolveStep(listSteps(course.root), "7")).toThrow('There is no step "7" (steps are 00–01) — run `course status`');
  });
});
