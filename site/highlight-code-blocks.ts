// A rehype plugin for lessons: every fenced code block (`pre > code.language-ts`)
// becomes shiki's coloured version of it. The highlighter is loaded before the
// lesson compiles, so the plugin itself is synchronous.
import type { Highlighter } from "shiki";
import { CODE_THEME, languageOf } from "./highlight.ts";
import { textOf, visitElements, type HastNode } from "./hast.ts";

export function highlightCodeBlocks(shiki: Highlighter) {
  return function colourCodeBlocks(tree: HastNode): void {
    visitElements(tree, (pre) => {
      const code = pre.tagName === "pre" && pre.children?.length === 1 ? pre.children[0]! : null;
      if (code?.type !== "element" || code.tagName !== "code") return;
      const lang = languageOf(languageFromClass(code.properties?.className), shiki);
      const root = shiki.codeToHast(textOf(code).replace(/\n$/, ""), { lang, theme: CODE_THEME }) as HastNode;
      const coloured = root.children?.[0];
      if (!coloured) return;
      // shiki's <pre> carries tabindex="0": the block scrolls sideways inside itself, and the keyboard can scroll it too.
      pre.properties = { ...coloured.properties, dataLanguage: lang };
      pre.children = coloured.children;
    });
  };
}

function languageFromClass(className: unknown): string | undefined {
  const classes = Array.isArray(className) ? className : [];
  const language = classes.find((name): name is string => typeof name === "string" && name.startsWith("language-"));
  return language?.slice("language-".length);
}
