import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFirstStepIfNew } from "../../site/first-run.ts";
import { courseFixture, type CourseFixture } from "./course-fixture.ts";

let course: CourseFixture;
const savedRoot = process.env.COURSE_ROOT;
afterEach(() => {
  course?.remove();
  if (savedRoot === undefined) delete process.env.COURSE_ROOT;
  else process.env.COURSE_ROOT = savedRoot;
});

function newCourse() {
  course = courseFixture();
  course.write("steps/00-welcome/main.ts", "console.log('starter');\n");
  course.write("solutions/00-welcome/main.ts", "console.log('solution');\n");
  course.write("lessons/00-welcome.mdx", "---\ntitle: Welcome\n---\n\nHello.\n\n<Hints>\n<Hint>Look.</Hint>\n</Hints>\n");
  process.env.COURSE_ROOT = course.root;
  return course;
}

describe("npm start on a fresh clone", () => {
  it("creates app/ from step 00's starter and makes 00 the current step", () => {
    const { root } = newCourse();
    expect(startFirstStepIfNew(root), "a new course should get an app").toBe(true);
    expect(fs.readFileSync(path.join(root, "app/main.ts"), "utf8")).toBe("console.log('starter');\n");
    const progress = JSON.parse(fs.readFileSync(path.join(root, ".course/progress.json"), "utf8"));
    expect(progress.current).toBe("00-welcome");
  });

  it("never touches an existing app/", () => {
    const { root, write } = newCourse();
    write("app/main.ts", "console.log('mine');\n");
    expect(startFirstStepIfNew(root)).toBe(false);
    expect(fs.readFileSync(path.join(root, "app/main.ts"), "utf8"), "the learner's file stays as it was").toBe("console.log('mine');\n");
  });
});
