// Renders a lesson's MDX body as terminal text: headings, prose, lists and
// code blocks. import/export lines are dropped; JSX components become a
// labelled block (their children stay readable) or a pointer to the site.
// The <Hints> ladder stays folded: `course hint` shows it one rung at a time.
import pc from "picocolors";
import { HINTS_CLOSE, HINTS_OPEN } from "./hint-ladder.ts";

const FENCE = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/;
const MODULE_LINE = /^(import|export)\s/;
const SELF_CLOSING = /^\s*<([A-Z][\w.]*)([\s\S]*?)\/>\s*$/;
const OPENING = /^\s*<([A-Z][\w.]*)([^>]*)>\s*$/;
const CLOSING = /^\s*<\/([A-Z][\w.]*)>\s*$/;

export function renderLesson(body: string): string {
  const out: string[] = [];
  const lines = body.split(/\r?\n/);
  let depth = 0; // open JSX components, each indented with a bar
  const bar = () => pc.dim("┃ ".repeat(depth));
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      i = renderCode(lines, i, fence[1]!, fence[2] ?? "", out, bar());
      continue;
    }
    if (MODULE_LINE.test(line)) {
      i = skipStatement(lines, i);
      continue;
    }
    if (HINTS_OPEN.test(line)) {
      while (i + 1 < lines.length && !HINTS_CLOSE.test(lines[i]!)) i++;
      out.push(`${bar()}${pc.magenta("▸ Hints")} ${pc.dim("(`course hint` shows the next one)")}`);
      continue;
    }
    // A tag split over several lines is read as one.
    while (/^\s*<[A-Z]/.test(line) && !line.includes(">") && i + 1 < lines.length) line += ` ${lines[++i]!.trim()}`;
    const selfClosing = SELF_CLOSING.exec(line);
    const opening = OPENING.exec(line);
    if (selfClosing)
      out.push(
        `${bar()}${pc.magenta(`▸ ${describeComponent(selfClosing[1]!, selfClosing[2]!)}`)} ${pc.dim("(interactive — on the course site, `npm start`)")}`,
      );
    else if (opening) {
      out.push(`${bar()}${pc.magenta(`▸ ${describeComponent(opening[1]!, opening[2]!)}`)}`);
      depth++;
    } else if (CLOSING.test(line)) depth = Math.max(0, depth - 1);
    else out.push(`${bar()}${renderLine(line)}`);
  }
  return out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** "Callout" with type="warning" becomes "Callout (warning)"; a title attribute is shown as the label. */
function describeComponent(name: string, attributes: string): string {
  const title = /\btitle="([^"]*)"/.exec(attributes)?.[1];
  const type = /\b(?:type|kind)="([^"]*)"/.exec(attributes)?.[1];
  return [name, type ? `(${type})` : "", title ? `: ${title}` : ""].join(" ").replace(/\s+/g, " ").replace(" :", ":").trim();
}

function renderCode(lines: string[], start: number, marker: string, language: string, out: string[], bar: string): number {
  out.push(`${bar}${pc.dim(`┌── ${language || "code"}`)}`);
  let i = start + 1;
  for (; i < lines.length && !lines[i]!.trim().startsWith(marker); i++) out.push(`${bar}${pc.dim("│")} ${pc.cyan(lines[i]!)}`);
  out.push(`${bar}${pc.dim("└──")}`);
  return i;
}

/** Skips an import/export statement that may run over several lines (balanced brackets). */
function skipStatement(lines: string[], start: number): number {
  let balance = 0;
  for (let i = start; i < lines.length; i++) {
    for (const char of lines[i]!) {
      if ("{([".includes(char)) balance++;
      else if ("})]".includes(char)) balance--;
    }
    if (balance <= 0) return i;
  }
  return lines.length;
}

function renderLine(line: string): string {
  const heading = /^(#{1,6})\s+(.*)$/.exec(line);
  if (heading) {
    const text = inline(heading[2]!);
    return heading[1]!.length <= 2 ? `\n${pc.bold(pc.underline(text))}` : `\n${pc.bold(text)}`;
  }
  const item = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (item) return `${item[1]}  • ${inline(item[2]!)}`;
  const quote = /^>\s?(.*)$/.exec(line);
  if (quote) return `${pc.dim("│")} ${inline(quote[1]!)}`;
  return inline(line);
}

// Links first: the colour codes added below contain "[" and would look like link text.
function inline(text: string): string {
  return text
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, "")
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, (_, label: string, url: string) => `${label} ${pc.dim(`(${url})`)}`)
    .replace(/<([A-Z][\w.]*)[^>]*\/>/g, (_, name: string) => pc.magenta(`[${name}]`))
    .replace(/`([^`]+)`/g, (_, code: string) => pc.cyan(code))
    .replace(/\*\*([^*]+)\*\*/g, (_, strong: string) => pc.bold(strong))
    .replace(/(^|[^*\w])[*_]([^*_\s][^*_]*)[*_](?![*\w])/g, (_, before: string, em: string) => `${before}${pc.italic(em)}`);
}
