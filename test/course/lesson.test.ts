import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hintLadderIn } from "../../scripts/course/hint-ladder.ts";
import { renderLesson } from "../../scripts/course/lesson-text.ts";
import { FIXTURE_FILES, makeFixtureCourse, runCourse, type FixtureCourse } from "./fixture.ts";

let course: FixtureCourse;
beforeAll(async () => {
  course = makeFixtureCourse();
  await runCourse(course.root, ["start", "00"]);
});
afterAll(() => course.remove());

describe("course hint", () => {
  it("climbs the lesson's hint ladder one rung per call, remembering how far", async () => {
    const first = await runCourse(course.root, ["hint"]);
    expect(first.stdout).toContain("Hint 1 of 2\n  Look at the operator in add().");
    const second = await runCourse(course.root, ["hint", "0"]);
    expect(second.stdout).toContain("Hint 2 of 2\n  It should be a plus.");
    expect(second.stdout).toContain("that was the last hint");
    const third = await runCourse(course.root, ["hint"]);
    expect(third.stdout).toContain("You have seen all 2 hints");
    expect(third.stdout).toContain("`npx course compare 00`");
    expect(JSON.parse(course.read(".course/progress.json")).hints).toEqual({ "00-count": 2 });
  });

  it("keeps a separate ladder per step", async () => {
    const run = await runCourse(course.root, ["hint", "01-double"]);
    expect(run.stdout).toContain("Hint 1 of 1\n  Use add().");
  });
});

describe("course lesson", () => {
  it("prints the lesson with its title, without the front matter or imports", async () => {
    const run = await runCourse(course.root, ["lesson"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("00 · Counting");
    expect(run.stdout).toContain("Some prose with code.");
    expect(run.stdout).not.toContain("import { Quiz }");
  });

  it("folds the <Hints> ladder into a pointer to `course hint`", async () => {
    const run = await runCourse(course.root, ["lesson", "00"]);
    expect(run.stdout).toContain("▸ Hints (`course hint` shows the next one)");
    expect(run.stdout).not.toContain("It should be a plus.");
  });
});

describe("the hint ladder in a lesson's body", () => {
  const lesson = [
    "# A lesson",
    "",
    "<Hints>",
    "<Hint>A short one.</Hint>",
    "",
    "<Hint>",
    "  A longer one, with code:",
    "",
    "  ```ts",
    '  assignNew(socket, "currentUser", load);',
    "  ```",
    "</Hint>",
    "</Hints>",
  ].join("\n");

  it("finds each <Hint> as Markdown, in order", () => {
    expect(hintLadderIn(lesson)).toEqual({
      hints: ["A short one.", 'A longer one, with code:\n\n```ts\nassignNew(socket, "currentUser", load);\n```'],
      problems: [],
    });
  });

  it("names what is wrong with a ladder", () => {
    expect(hintLadderIn("No ladder here.").problems).toEqual(["needs a <Hints> block with one or more <Hint> in it"]);
    expect(hintLadderIn("<Hints>\n<Hint>\nopen\n</Hints>").problems).toEqual([
      "a <Hint> is not closed before </Hints>",
      "the <Hints> block has no <Hint> in it",
    ]);
    expect(hintLadderIn("<Hints>\nstray\n<Hint>x</Hint>").problems).toEqual([
      'text outside a <Hint>: "stray"',
      "the <Hints> block is not closed with </Hints>",
    ]);
  });

  it("prints a rung's code as code in the terminal", async () => {
    const fixture = makeFixtureCourse({
      ...Object.fromEntries(Object.entries(FIXTURE_FILES).filter(([file]) => !file.startsWith("lessons/00"))),
      "lessons/00-count.mdx": `---\ntitle: Counting\n---\n\n${lesson}\n`,
    });
    try {
      await runCourse(fixture.root, ["hint", "00"]);
      const second = stripVTControlCharacters((await runCourse(fixture.root, ["hint", "00"])).stdout);
      expect(second).toContain("Hint 2 of 2\n  A longer one, with code:");
      expect(second).toContain('│ assignNew(socket, "currentUser", load);');
    } finally {
      fixture.remove();
    }
  });
});

describe("renderLesson", () => {
  it("keeps headings, prose and code; turns components into text or a pointer", () => {
    // Colours depend on the terminal (CI=true turns them on): compare the plain text.
    const text = stripVTControlCharacters(
      renderLesson(
        [
          'import { Quiz } from "./components/Quiz.tsx";',
          "export const meta = {",
          '  level: "easy",',
          "};",
          "",
          "## Why three queries",
          "",
          "Each **mount** runs `fetchCurrentUser` — see [the docs](https://example.com).",
          "",
          "```ts",
          "const user = await loadUser(id);",
          "```",
          "",
          "<QueryCounter",
          '  page="/mission"',
          "/>",
          "",
          '<Callout type="warning" title="Careful">',
          "- the socket cannot set cookies",
          "</Callout>",
        ].join("\n"),
      ),
    );
    expect(text).not.toMatch(/import|export|level/);
    expect(text).toContain("Why three queries");
    expect(text).toContain("Each mount runs fetchCurrentUser — see the docs (https://example.com).");
    expect(text).toContain("│ const user = await loadUser(id);");
    expect(text).toContain("▸ QueryCounter (interactive — on the course site, `npm start`)");
    expect(text).toContain("▸ Callout (warning): Careful\n┃   • the socket cannot set cookies");
  });
});
