// Lessons for the course site: lessons/NN-slug.mdx compiled with mdx-bundler
// and rendered to HTML on the server. A compiled lesson is kept until the
// file's mtime changes, so editing a lesson shows up on the next reload.
import fs from "node:fs";
import path from "node:path";
import { bundleMDX } from "mdx-bundler";
// The bare "mdx-bundler/client" has no exports map entry and fails under plain node.
import { getMDXComponent } from "mdx-bundler/client/index.js";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import type { Step } from "../scripts/course/steps.ts";
import { LESSON_COMPONENTS } from "./components/lesson-components.ts";
import { highlightCodeBlocks } from "./highlight-code-blocks.ts";
import { highlighter } from "./highlight.ts";
import { textOf, visitElements, type HastNode } from "./hast.ts";

export interface RenderedLesson {
  title: string;
  html: string;
}

/** A lesson that does not compile is a value the page shows, not a crash. */
export type LessonResult = { ok: true; lesson: RenderedLesson } | { ok: false; reason: "missing" } | { ok: false; reason: "broken"; message: string };

interface CacheEntry {
  mtimeMs: number;
  result: Promise<LessonResult>;
}

export interface LessonCompiler {
  render(step: Step): Promise<LessonResult>;
}

export function createLessonCompiler(): LessonCompiler {
  const cache = new Map<string, CacheEntry>();

  return {
    render(step) {
      const mtimeMs = modifiedAt(step.lessonFile);
      if (mtimeMs === null) return Promise.resolve({ ok: false, reason: "missing" });
      const cached = cache.get(step.lessonFile);
      if (cached && cached.mtimeMs === mtimeMs) return cached.result;
      // Caching the promise means two requests during a compile share it.
      const result = compileLesson(step);
      cache.set(step.lessonFile, { mtimeMs, result });
      return result;
    },
  };
}

async function compileLesson(step: Step): Promise<LessonResult> {
  try {
    const shiki = await highlighter();
    const { code, frontmatter } = await bundleMDX({
      file: step.lessonFile,
      // cwd lets a lesson import its components from lessons/components/.
      cwd: path.dirname(step.lessonFile),
      mdxOptions(options) {
        options.rehypePlugins = [...(options.rehypePlugins ?? []), rehypeHeadingIds, [highlightCodeBlocks, shiki]];
        return options;
      },
    });
    const Lesson = getMDXComponent(code);
    const title = typeof frontmatter.title === "string" ? frontmatter.title : step.slug;
    return { ok: true, lesson: { title, html: renderToString(createElement(Lesson, { components: LESSON_COMPONENTS })) } };
  } catch (error) {
    return { ok: false, reason: "broken", message: error instanceof Error ? error.message : String(error) };
  }
}

function modifiedAt(file: string): number | null {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * "Two renders, one page" → "two-renders-one-page": the same slugs GitHub
 * gives headings, so a checker's "lessons/00 § Two renders, one page" becomes
 * /lessons/00-welcome#two-renders-one-page.
 */
export function slugify(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

const HEADING_TAG = /^h[1-6]$/;

/** A rehype plugin giving every heading an id; repeats get -1, -2, … as on GitHub. */
function rehypeHeadingIds() {
  return function addHeadingIds(tree: HastNode): void {
    const seen = new Map<string, number>();
    visitElements(tree, (node) => {
      if (!HEADING_TAG.test(node.tagName ?? "") || node.properties?.id) return;
      const slug = slugify(textOf(node));
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      node.properties = { ...node.properties, id: count === 0 ? slug : `${slug}-${count}` };
    });
  };
}
