/**
 * The template renderer: replaces every known token (`__Schema__`, …) in a
 * file's text and in its path. A token left over after rendering is a typo in
 * a template, so it is an error rather than a file that fails to compile later.
 */
import type { Names } from "./names.ts";

const LEFTOVER_TOKEN = /__(?:[A-Z]?[a-z]+)(?:_[a-z]+)*__/;

export function render(text: string, names: Names, where: string): string {
  const tokens = Object.keys(names.tokens).sort((a, b) => b.length - a.length);
  const pattern = new RegExp(tokens.map(escapeRegExp).join("|"), "g");
  const rendered = text.replace(pattern, (token) => names.tokens[token]!);
  const leftover = LEFTOVER_TOKEN.exec(rendered);
  if (leftover) throw new Error(`${where}: unknown template token ${leftover[0]}`);
  return rendered;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
