// A lesson's hint ladder, written once in its MDX body and read by both the
// course site (the <Hints> and <Hint> components) and `course hint`:
//
//   <Hints>
//   <Hint>
//   The first nudge, in Markdown.
//   </Hint>
//   <Hint>
//   The next one, more specific; code blocks welcome.
//   </Hint>
//   </Hints>
//
// Each tag stands on a line of its own (a short hint may be `<Hint>…</Hint>`
// on one line). This file finds the rungs as Markdown text, in order.

export const HINTS_OPEN = /^\s*<Hints>\s*$/;
export const HINTS_CLOSE = /^\s*<\/Hints>\s*$/;
const HINT_OPEN = /^\s*<Hint>\s*$/;
const HINT_CLOSE = /^\s*<\/Hint>\s*$/;
const HINT_ONE_LINE = /^\s*<Hint>(.*)<\/Hint>\s*$/;

export interface HintLadder {
  hints: string[];
  /** What is wrong with the ladder's markup, for course authors. */
  problems: string[];
}

export function hintLadderIn(body: string): HintLadder {
  const lines = body.split(/\r?\n/);
  const start = lines.findIndex((line) => HINTS_OPEN.test(line));
  if (start === -1) return { hints: [], problems: ["needs a <Hints> block with one or more <Hint> in it"] };
  const hints: string[] = [];
  const problems: string[] = [];
  let rung: string[] | null = null;
  for (const line of lines.slice(start + 1)) {
    if (HINTS_CLOSE.test(line)) {
      if (rung) problems.push("a <Hint> is not closed before </Hints>");
      if (hints.length === 0) problems.push("the <Hints> block has no <Hint> in it");
      return { hints, problems };
    }
    const oneLine = HINT_ONE_LINE.exec(line);
    if (!rung && oneLine) hints.push(oneLine[1]!.trim());
    else if (!rung && HINT_OPEN.test(line)) rung = [];
    else if (rung && HINT_CLOSE.test(line)) {
      hints.push(dedent(rung));
      rung = null;
    } else if (rung) rung.push(line);
    else if (line.trim() !== "") problems.push(`text outside a <Hint>: "${line.trim().slice(0, 40)}"`);
  }
  return { hints, problems: [...problems, "the <Hints> block is not closed with </Hints>"] };
}

/** The rung's lines without the indentation they share, and without blank lines around them. */
function dedent(lines: string[]): string {
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^\s*/.exec(line)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines
    .map((line) => line.slice(common))
    .join("\n")
    .trim();
}
