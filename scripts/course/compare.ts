// What differs between the learner's app/ and a reference tree, file by file,
// as coloured unified diffs (via the `diff` package). Noise — lockfiles,
// node_modules, .course/, databases — is left out.
import { structuredPatch } from "diff";
import { isNoise, type Tree } from "./tree.ts";
import { color } from "./ui.ts";

export type Change = "added" | "changed" | "deleted";

/** From yours to the reference: "added" means the reference has a file you do not. */
export interface FileChange {
  file: string;
  change: Change;
}

export function compareTrees(yours: Tree, reference: Tree): FileChange[] {
  const files = [...new Set([...yours.keys(), ...reference.keys()])].filter((file) => !isNoise(file)).sort();
  return files.flatMap((file): FileChange[] => {
    const mine = yours.get(file);
    const theirs = reference.get(file);
    if (!mine) return [{ file, change: "added" }];
    if (!theirs) return [{ file, change: "deleted" }];
    return mine.equals(theirs) ? [] : [{ file, change: "changed" }];
  });
}

/** A coloured unified diff of one file; either side may be missing. */
export function renderDiff(file: string, before: Buffer | undefined, after: Buffer | undefined, labels: [string, string]): string {
  if ((before && isBinary(before)) || (after && isBinary(after))) return color.dim("  (binary file differs)");
  const patch = structuredPatch(
    before ? `${labels[0]}/${file}` : "/dev/null",
    after ? `${labels[1]}/${file}` : "/dev/null",
    before?.toString("utf8") ?? "",
    after?.toString("utf8") ?? "",
    "",
    "",
    { context: 3 },
  );
  if (patch.hunks.length === 0) return color.dim("  (no difference)");
  const lines = [color.dim(`--- ${patch.oldFileName}`), color.dim(`+++ ${patch.newFileName}`)];
  for (const hunk of patch.hunks) {
    lines.push(color.cyan(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`));
    for (const line of hunk.lines) lines.push(colourLine(line));
  }
  return lines.join("\n");
}

function colourLine(line: string): string {
  if (line.startsWith("+")) return color.green(line);
  if (line.startsWith("-")) return color.red(line);
  return line.startsWith("\\") ? color.dim(line) : line;
}

function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}
