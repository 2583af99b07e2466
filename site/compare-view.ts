// What the compare page shows: app/ against a step's solution, file by file,
// as coloured diffs. The file list is `course compare`'s own (compareTrees on
// the same trees); the diffs come from the `diff` package, coloured by shiki.
// Lines that are only a marker comment (EXERCISE / HINT) are left out of both
// sides first: the solution drops them, and that is not a difference to read.
import fs from "node:fs";
import { structuredPatch } from "diff";
import type { ThemedToken } from "shiki";
import { buildTree } from "../scripts/course/chain.ts";
import { compareTrees, type Change } from "../scripts/course/compare.ts";
import type { CoursePaths } from "../scripts/course/context.ts";
import type { Step } from "../scripts/course/steps.ts";
import { isNoise, readTree, type Tree } from "../scripts/course/tree.ts";
import { languageForFile, tokenLines } from "./highlight.ts";

const CONTEXT_LINES = 3; // as `course compare`
const MARKER_COMMENT = /^\s*(?:\/\/|<!--|#)\s*(?:EXERCISE|HINT):/;

export interface CodeToken {
  text: string;
  color: string | null;
}

export interface DiffLine {
  kind: "added" | "removed" | "same";
  /** Line numbers in the real files, markers included. */
  before: number | null;
  after: number | null;
  tokens: CodeToken[];
}

export interface FileDiff {
  /** "starter → yours" or "yours → solution". */
  title: string;
  binary: boolean;
  hunks: DiffLine[][];
}

export interface ComparedFile {
  file: string;
  change: Change;
  diffs: FileDiff[];
}

export type CompareView = { ok: true; step: string; threeWay: boolean; files: ComparedFile[] } | { ok: false; reason: "no-app" };

export async function compareStep(paths: CoursePaths, steps: Step[], step: Step, threeWay: boolean): Promise<CompareView> {
  if (!fs.existsSync(paths.app)) return { ok: false, reason: "no-app" };
  const yours = readTree(paths.app, isNoise);
  const solution = buildTree(steps, step, "solution");
  const starter = threeWay ? buildTree(steps, step, "starter") : null;
  const files: ComparedFile[] = [];
  for (const { file, change } of compareTrees(yours, solution)) {
    const diffs = [await diffFile(file, yours, solution, "yours → solution")];
    if (diffs[0]!.hunks.length === 0 && !diffs[0]!.binary) continue; // only marker comments differ
    if (starter) diffs.unshift(await diffFile(file, starter, yours, "starter → yours"));
    files.push({ file, change, diffs });
  }
  return { ok: true, step: step.id, threeWay, files };
}

async function diffFile(file: string, from: Tree, to: Tree, title: string): Promise<FileDiff> {
  const before = from.get(file);
  const after = to.get(file);
  if ((before && isBinary(before)) || (after && isBinary(after))) return { title, binary: true, hunks: [] };
  const left = withoutMarkers(before?.toString("utf8") ?? "");
  const right = withoutMarkers(after?.toString("utf8") ?? "");
  const patch = structuredPatch(file, file, left.text, right.text, "", "", { context: CONTEXT_LINES });
  const lang = languageForFile(file);
  const [leftTokens, rightTokens] = await Promise.all([tokenLines(left.original, lang), tokenLines(right.original, lang)]);
  const hunks = patch.hunks.map((hunk) => {
    let oldIndex = hunk.oldStart;
    let newIndex = hunk.newStart;
    return hunk.lines.flatMap((line): DiffLine[] => {
      const sign = line[0];
      if (sign === "\\") return []; // "\ No newline at end of file"
      const beforeLine = sign === "+" ? null : left.lineNumbers[oldIndex++ - 1]!;
      const afterLine = sign === "-" ? null : right.lineNumbers[newIndex++ - 1]!;
      const tokens = afterLine !== null ? rightTokens[afterLine - 1] : leftTokens[beforeLine! - 1];
      const kind = sign === "+" ? "added" : sign === "-" ? "removed" : "same";
      return [{ kind, before: beforeLine, after: afterLine, tokens: (tokens ?? []).map(codeToken) }];
    });
  });
  return { title, binary: false, hunks };
}

/** The text without marker-comment lines, and the real line number of each line kept. */
function withoutMarkers(original: string): { original: string; text: string; lineNumbers: number[] } {
  const kept: string[] = [];
  const lineNumbers: number[] = [];
  original.split("\n").forEach((line, index) => {
    if (MARKER_COMMENT.test(line)) return;
    kept.push(line);
    lineNumbers.push(index + 1);
  });
  return { original, text: kept.join("\n"), lineNumbers };
}

function codeToken(token: ThemedToken): CodeToken {
  return { text: token.content, color: token.color ?? null };
}

function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}
