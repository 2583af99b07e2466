// A small course on disk for the site's tests: two steps, their lessons, and
// a progress file — never the learner's own app/ or .course/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface CourseFixture {
  root: string;
  write(relative: string, text: string): void;
  remove(): void;
}

export function courseFixture(): CourseFixture {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "course-site-"));
  const write = (relative: string, text: string) => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  return { root, write, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export function twoStepCourse(): CourseFixture {
  const course = courseFixture();
  course.write("steps/00-welcome/main.ts", "console.log('step 00');\n");
  course.write("steps/01-socket-mount/main.ts", "console.log('step 01');\n");
  course.write("lessons/00-welcome.mdx", WELCOME_LESSON);
  course.write("lessons/01-socket-mount.mdx", "---\ntitle: The socket mount\nhints:\n  - Look at mount.\n---\n\nMount runs twice.\n");
  course.write(".course/progress.json", JSON.stringify({
    current: "01-socket-mount",
    steps: { "00-welcome": { passedAt: "2025-01-01T00:00:00.000Z", hash: "abc" } },
    hints: {},
  }));
  return course;
}

const WELCOME_LESSON = `---
title: Welcome to live pages
step: 0
hints:
  - "SECRET HINT: look at the counter view."
---

# Welcome to live pages

A live page renders twice.

## Two renders, one page

\`\`\`ts
const rendered = html\`<p>\${count}</p>\`;
\`\`\`

## Two renders, one page
`;
