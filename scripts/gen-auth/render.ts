/**
 * The template renderer: keeps the blocks meant for the chosen features, then
 * replaces every known token (`__Schema__`, …) in a file's text and in its
 * path. A token left over after rendering is a typo in a template, so it is an
 * error rather than a file that fails to compile later.
 *
 * A block is marked by whole lines (`//` in TypeScript, `--` in SQL), which are
 * never written out:
 *
 *   // with --sudo          the lines after it are kept only with --sudo
 *   // without --sudo       the lines after it are kept only without --sudo
 *   // end --sudo           closes the block
 */
import { isFeature, NO_FEATURES, type Features } from "./features.ts";
import type { Names } from "./names.ts";

const LEFTOVER_TOKEN = /__(?:[A-Z]?[a-z]+)(?:_[a-z]+)*__/;
const BLOCK_MARKER = /^\s*(?:\/\/|--) (with|without|end) --([a-z-]+)\s*$/;

export function render(text: string, names: Names, where: string, features: Features = NO_FEATURES): string {
  const tokens = Object.keys(names.tokens).sort((a, b) => b.length - a.length);
  const pattern = new RegExp(tokens.map(escapeRegExp).join("|"), "g");
  const rendered = selectBlocks(text, features, where).replace(pattern, (token) => names.tokens[token]!);
  const leftover = LEFTOVER_TOKEN.exec(rendered);
  if (leftover) throw new Error(`${where}: unknown template token ${leftover[0]}`);
  return rendered;
}

/** The text without its marker lines, and without the blocks that are not for these features. */
export function selectBlocks(text: string, features: Features, where: string): string {
  const kept: string[] = [];
  let open: { feature: string; keep: boolean } | null = null;
  for (const [index, line] of text.split("\n").entries()) {
    const marker = BLOCK_MARKER.exec(line);
    if (!marker) {
      if (open === null || open.keep) kept.push(line);
      continue;
    }
    const [, verb, feature = ""] = marker;
    const at = `${where}:${index + 1}`;
    if (!isFeature(feature)) throw new Error(`${at}: a block for an unknown option --${feature}`);
    if (open !== null && open.feature !== feature) throw new Error(`${at}: a --${feature} block inside a --${open.feature} block`);
    if (verb === "end" && open === null) throw new Error(`${at}: "end --${feature}" with no block open`);
    open = verb === "end" ? null : { feature, keep: (verb === "with") === features.has(feature) };
  }
  if (open !== null) throw new Error(`${where}: a --${open.feature} block is never closed with "end --${open.feature}"`);
  return kept.join("\n");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
