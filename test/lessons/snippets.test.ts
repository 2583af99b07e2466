/**
 * Lessons quote the code learners will open: every ```ts block in a lesson
 * must match, line for line, a run of lines in a file of the course — the
 * runtime, a step or a solution — so a quote cannot drift from the code.
 * Lines that are only "…" (or "// …") stand for omitted lines; a block marked
 * ```ts illustrative is an example written for the lesson, and is not checked.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/start-app.ts";

const SOURCES = ["live", "steps", "solutions"];
const lessonsDir = join(REPO_ROOT, "lessons");

const normalise = (line: string) => line.trim().replace(/\s+/g, " ");
const isGap = (line: string) => /^(\/\/\s*)?(…|\.\.\.)$/.test(line);

/** Every source file's lines, normalised, blank lines dropped. */
function sourceFiles(): { path: string; lines: string[] }[] {
  const files: { path: string; lines: string[] }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx|sql)$/.test(name)) files.push({ path: relative(REPO_ROOT, path), lines: readFileSync(path, "utf8").split("\n").map(normalise).filter(Boolean) });
    }
  };
  for (const source of SOURCES) walk(join(REPO_ROOT, source));
  return files;
}

/** The ```ts blocks of a lesson, each as runs of lines separated by gaps. */
function quotedBlocks(text: string): { line: number; runs: string[][] }[] {
  const blocks: { line: number; runs: string[][] }[] = [];
  const pattern = /^```ts\s*\n([\s\S]*?)^```/gm;
  for (const match of text.matchAll(pattern)) {
    const runs: string[][] = [[]];
    for (const raw of match[1]!.split("\n").map(normalise).filter(Boolean)) {
      if (isGap(raw)) runs.push([]);
      else runs.at(-1)!.push(raw);
    }
    blocks.push({ line: text.slice(0, match.index).split("\n").length, runs: runs.filter((run) => run.length > 0) });
  }
  return blocks;
}

function contains(lines: string[], run: string[]): boolean {
  for (let start = 0; start + run.length <= lines.length; start++) {
    if (run.every((line, i) => lines[start + i] === line)) return true;
  }
  return false;
}

const files = sourceFiles();

describe("code quoted in the lessons", () => {
  for (const lesson of readdirSync(lessonsDir).filter((name) => name.endsWith(".mdx"))) {
    it(`${lesson}: every ts block is in the course's code`, () => {
      const text = readFileSync(join(lessonsDir, lesson), "utf8");
      const drifted = quotedBlocks(text)
        .filter(({ runs }) => !runs.every((run) => files.some((file) => contains(file.lines, run))))
        .map(({ line, runs }) => `line ${line}: ${runs.flat()[0]}`);
      expect(drifted, `${lesson} quotes code that no file holds (update the quote, or mark an example \`\`\`ts illustrative)`).toEqual([]);
    });
  }
});
