// Syntax colouring for the site — lessons and compare — with shiki, which
// bundles its grammars and themes, so it works with no network. One
// highlighter for the whole site: loading grammars takes a moment, once.
import { createHighlighter, type BundledLanguage, type Highlighter, type SpecialLanguage, type ThemedToken } from "shiki";

export const CODE_THEME = "github-light-high-contrast"; // its colours keep a 4.5:1 contrast on the light code background
// The languages a lesson or app/ uses; anything else is shown uncoloured.
const LANGUAGES = ["ts", "tsx", "js", "json", "html", "css", "sql", "bash", "diff", "markdown", "mdx", "yaml"] as const;
const EXTENSIONS: Record<string, string> = {
  ts: "ts",
  mts: "ts",
  cts: "ts",
  tsx: "tsx",
  js: "js",
  mjs: "js",
  cjs: "js",
  json: "json",
  html: "html",
  css: "css",
  sql: "sql",
  sh: "bash",
  md: "markdown",
  mdx: "mdx",
  yml: "yaml",
  yaml: "yaml",
};

let loading: Promise<Highlighter> | null = null;

export function highlighter(): Promise<Highlighter> {
  loading ??= createHighlighter({ themes: [CODE_THEME], langs: [...LANGUAGES] });
  return loading;
}

/** The shiki language for a fence's info string ("ts", "typescript", "sh"), or "text". */
export function languageOf(wanted: string | undefined, shiki: Highlighter): BundledLanguage | SpecialLanguage {
  if (!wanted || !shiki.getLoadedLanguages().includes(wanted)) return "text";
  return wanted as BundledLanguage; // getLoadedLanguages lists aliases ("typescript", "sh") too
}

export function languageForFile(file: string): string {
  return EXTENSIONS[file.split(".").pop() ?? ""] ?? "text";
}

/** One array of coloured tokens per line of `code`. */
export async function tokenLines(code: string, lang: string): Promise<ThemedToken[][]> {
  const shiki = await highlighter();
  return shiki.codeToTokens(code, { lang: languageOf(lang, shiki), theme: CODE_THEME }).tokens;
}
