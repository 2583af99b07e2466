/**
 * Lessons quote the code learners will open: every ```ts block in a lesson
 * must match, line for line, a run of lines in a file of the course — the
 * runtime, a step or a solution — so a quote cannot drift from the code.
 * A first line like `// app/auth/user-auth.ts, logInUser` names the file: the
 * quote must be in that file (app/… in a step or a solution, live/… in the runtime).
 * Lines that are only "…" (or "// …") stand for omitted lines; a block marked
 * ```ts illustrative is an example written for the lesson, and is not checked.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/harness/start-app.ts";

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
      else if (/\.(ts|tsx|sql)$/.test(name))
        files.push({ path: relative(REPO_ROOT, path), lines: readFileSync(path, "utf8").split("\n").map(normalise).filter(Boolean) });
    }
  };
  for (const source of SOURCES) walk(join(REPO_ROOT, source));
  return files;
}

type Quote = { line: number; file: string | null; runs: string[][] };

/** The ```ts blocks of a lesson: the file a first-line comment names, and runs of lines separated by gaps. */
function quotedBlocks(text: string): Quote[] {
  const blocks: Quote[] = [];
  const pattern = /^```ts([^\n]*)\n([\s\S]*?)^```/gm;
  for (const match of text.matchAll(pattern)) {
    if (/\billustrative\b/.test(match[1]!)) continue;
    const lines = match[2]!.split("\n").map(normalise).filter(Boolean);
    const named = lines[0]?.match(/^\/\/ ((?:app|live)\/[\w./-]+\.ts)\b/);
    if (named) lines.shift();
    const runs: string[][] = [[]];
    for (const line of lines) {
      if (isGap(line)) runs.push([]);
      else runs.at(-1)!.push(line);
    }
    const file = named ? named[1]!.replace(/^app\//, "/") : null;
    blocks.push({ line: text.slice(0, match.index).split("\n").length, file, runs: runs.filter((run) => run.length > 0) });
  }
  return blocks;
}

/** The files a quote may come from: the one it names (in any step or solution, for app/), or all. */
function candidates(quote: Quote) {
  if (!quote.file) return files;
  return files.filter((file) =>
    quote.file!.startsWith("/") ? file.path.endsWith(quote.file!) && !file.path.startsWith("live/") : file.path === quote.file,
  );
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
        .filter((quote) => !quote.runs.every((run) => candidates(quote).some((file) => contains(file.lines, run))))
        .map(
          ({ line, file, runs }) =>
            `line ${line}${file ? ` (${file})` : ""}: ${runs.flat().find((l) => !candidates({ line, file, runs }).some((f) => contains(f.lines, [l]))) ?? runs.flat()[0]}`,
        );
      expect(drifted, `${lesson} quotes code that no file holds (update the quote, or mark an example \`\`\`ts illustrative)`).toEqual([]);
    });
  }
});
