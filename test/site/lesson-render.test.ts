import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSite, twoStepCourse, type CourseFixture, type RunningSite } from "./course-fixture.ts";

let course: CourseFixture;
let site: RunningSite;

const LESSON = `---
title: Pictures and code
---

# Pictures and code

<LifecycleDiagram userLoads={["http", "mount:dead", "mount:connected"]} />

\`\`\`ts
const total = 1 + 2; // ${"a long comment ".repeat(12)}
\`\`\`

\`\`\`
plain text, no language
\`\`\`
`;

beforeAll(async () => {
  course = twoStepCourse();
  course.write("lessons/01-socket-mount.mdx", LESSON);
  site = await startSite({ root: course.root });
});
afterAll(async () => {
  await site.close();
  course.remove();
});

async function lesson(): Promise<string> {
  return (await fetch(`${site.origin}/lessons/01-socket-mount`)).text();
}

describe("code blocks in a lesson", () => {
  it("are coloured by shiki, with no network", async () => {
    const body = await lesson();
    expect(body).toMatch(/<pre class="shiki github-light-high-contrast"[^>]*data-language="ts"/);
    expect(body, "a keyword should carry a colour").toMatch(/<span style="color:#[0-9A-Fa-f]{6}">const<\/span>/);
  });

  it("scroll sideways inside themselves, reachable by keyboard", async () => {
    const body = await lesson();
    expect(body, "the block should be focusable so the keyboard can scroll it").toMatch(/<pre class="shiki[^"]*"[^>]*tabindex="0"/);
    const css = await (await fetch(`${site.origin}/site.css`)).text();
    expect(css, "pre should scroll rather than clip").toMatch(/pre \{[^}]*overflow-x: auto/);
  });

  it("keep a block without a language as plain text", async () => {
    expect(await lesson()).toMatch(/data-language="text"[^>]*><code><span class="line"><span[^>]*>plain text, no language<\/span>/);
  });
});

describe("the lifecycle diagram component", () => {
  it("draws the five phases in order as an inline SVG", async () => {
    const body = await lesson();
    expect(body).toContain("<svg viewBox=");
    const phases = [...body.matchAll(/data-phase="([^"]+)"/g)].map((match) => match[1]);
    expect(phases).toEqual(["http", "mount:dead", "upgrade", "mount:connected", "navigate"]);
    expect(body).toContain('<title id="lifecycle-title">');
  });

  it("marks the phases a lesson says load the user", async () => {
    const marks = (await lesson()).match(/\[user\]<\/text>/g) ?? [];
    expect(marks).toHaveLength(3);
  });
});
