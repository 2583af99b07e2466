// The watching type checker (scripts/course/check/warm-types.ts) must give the
// answer a fresh tsc would give for app/ as it is at the moment of asking —
// right after a save, after app/ is swapped whole (as `course start` does),
// and after its compiler is gone.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeProblem } from "../../scripts/course/check/outcome.ts";
import { coursePaths } from "../../scripts/course/context.ts";
import { findTypeErrors } from "../../scripts/course/check/types.ts";
import { WarmTypeChecker } from "../../scripts/course/check/warm-types.ts";
import { makeFixtureCourse, type FixtureCourse } from "./fixture.ts";

const CLEAN = `export function add(a: number, b: number): number {\n  return a + b;\n}\n`;
const BROKEN = `export function add(a: number, b: number): number {\n  return "a" + b;\n}\n`;

let course: FixtureCourse;
let checker: WarmTypeChecker;
beforeAll(async () => {
  course = makeFixtureCourse();
  course.write("app/app.ts", CLEAN);
  const started = await WarmTypeChecker.start(coursePaths(course.root), course.app);
  if (!started) throw new Error("the fixture course has a tsconfig.json: the checker should start");
  checker = started;
}, 30_000);
afterAll(() => {
  checker?.close();
  course?.remove();
});

const summary = (problems: CodeProblem[]) => problems.map((p) => `${p.file}:${p.line} ${p.message}`);

describe("the watching type checker", () => {
  it("answers for the file as saved the moment before asking, save after save", async () => {
    for (const source of [BROKEN, CLEAN, BROKEN, CLEAN, BROKEN]) {
      course.write("app/app.ts", source);
      const problems = await checker.errors();
      expect(problems.length, `after saving ${source === BROKEN ? "the broken" : "the clean"} file`).toBe(source === BROKEN ? 1 : 0);
    }
  });

  it("reports what a fresh tsc reports, with file, line and source", async () => {
    course.write("app/app.ts", BROKEN);
    const warm = await checker.errors();
    expect(summary(warm)).toEqual(summary(await findTypeErrors(coursePaths(course.root), course.app)));
    expect(warm[0]).toMatchObject({ kind: "type", file: path.join("app", "app.ts"), line: 2, source: '  return "a" + b;' });
  });

  it("follows app/ when it is replaced whole", async () => {
    course.write("app/app.ts", CLEAN);
    expect(await checker.errors()).toEqual([]);
    fs.renameSync(course.app, `${course.app}-aside`);
    course.write("app/app.ts", BROKEN);
    course.write("app/extra.ts", `export const n: number = "one";\n`);
    expect(summary(await checker.errors()).length).toBe(2);
    fs.rmSync(`${course.app}-aside`, { recursive: true });
  });

  it("falls back to a fresh tsc once its compiler is gone", async () => {
    checker.close();
    course.write("app/app.ts", CLEAN);
    course.write("app/extra.ts", `export const n: number = 1;\n`);
    expect(await checker.errors()).toEqual([]);
  });
});
