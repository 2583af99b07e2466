// A small course on disk for the site's tests: two steps, their lessons, and
// a progress file — never the learner's own app/ or .course/.
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createSite, type SiteOptions } from "../../site/server.ts";

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
  course.write(
    "lessons/01-socket-mount.mdx",
    "---\ntitle: The socket mount\n---\n\nMount runs twice.\n\n<Hints>\n<Hint>Look at mount.</Hint>\n</Hints>\n",
  );
  course.write(
    ".course/progress.json",
    JSON.stringify({
      current: "01-socket-mount",
      steps: { "00-welcome": { passedAt: "2025-01-01T00:00:00.000Z", hash: "abc" } },
      hints: {},
    }),
  );
  return course;
}

const WELCOME_LESSON = `---
title: Welcome to live pages
step: 0
---

# Welcome to live pages

A live page renders twice.

## Two renders, one page

\`\`\`ts
const rendered = html\`<p>\${count}</p>\`;
\`\`\`

## Two renders, one page

<Hints>
<Hint>
SECRET HINT: look at the \`counter\` view.
</Hint>
</Hints>
`;

export interface RunningSite {
  origin: string;
  close(): Promise<void>;
}

/** The course site in this process, on 127.0.0.1 and a free port. */
export async function startSite(options: SiteOptions): Promise<RunningSite> {
  const server = createSite(options).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The CSRF token in a page's forms, as a learner's browser would send it back. */
export function csrfTokenIn(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error("the page has no form with a CSRF token");
  return token;
}

/** A form POST from a page at `from` (the site's own origin unless a test says otherwise). */
export function postForm(site: RunningSite, path: string, fields: Record<string, string>, from = site.origin): Promise<Response> {
  return fetch(`${site.origin}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: from, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}
