// The course's own lessons on the site: each compiles, and its hint ladder has
// as many rungs on the page as `course hint` climbs in the terminal — one
// <Hints> block read by both.
import { describe, expect, it } from "vitest";
import { TOOL_ROOT } from "../../scripts/course/context.ts";
import { loadLesson } from "../../scripts/course/lessons.ts";
import { listSteps } from "../../scripts/course/steps.ts";
import { createLessonCompiler } from "../../site/lessons.ts";

const lessons = createLessonCompiler();

describe("the course's lessons on the site", () => {
  for (const step of listSteps(TOOL_ROOT)) {
    it(`lessons/${step.id}.mdx compiles, with the same hint ladder as \`course hint\``, async () => {
      const { lesson, problems } = await loadLesson(step);
      expect(problems).toEqual([]);
      const result = await lessons.render(step);
      if (!result.ok) throw new Error(`lessons/${step.id}.mdx does not compile: ${"message" in result ? result.message : result.reason}`);
      const rungs = result.lesson.html.match(/<li class="hint-rung"/g) ?? [];
      expect(rungs.length, "one rung on the page per hint in the terminal").toBe(lesson.hints.length);
      expect(lesson.hints.length, "a ladder has at least one rung").toBeGreaterThan(0);
    });
  }
});
