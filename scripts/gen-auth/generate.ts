/**
 * Renders every template for the given names and writes the files into an app
 * directory. Nothing is written if any file already exists, unless `force`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { Names } from "./names.ts";
import { render } from "./render.ts";

export const TEMPLATES_DIR = join(import.meta.dirname, "templates");

export type GeneratedFile = { path: string; content: string }; // path: relative to the app directory, posix

export type GenerateResult =
  | { ok: true; created: string[]; overwritten: string[] }
  | { ok: false; existing: string[] };

/** Every file the generator writes for these names, in a stable order. */
export function planFiles(names: Names): GeneratedFile[] {
  return listTemplates(TEMPLATES_DIR).map((template) => ({
    path: render(template, names, `path ${template}`),
    content: render(readFileSync(join(TEMPLATES_DIR, template), "utf8"), names, template),
  }));
}

export function generate(names: Names, into: string, { force = false } = {}): GenerateResult {
  const files = planFiles(names);
  const existing = files.filter((file) => existsSync(join(into, file.path))).map((file) => file.path);
  if (existing.length > 0 && !force) return { ok: false, existing };
  for (const file of files) {
    const target = join(into, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  const created = files.map((file) => file.path).filter((path) => !existing.includes(path));
  return { ok: true, created, overwritten: existing };
}

function listTemplates(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(dir, path).split("\\").join("/"));
    }
  };
  walk(dir);
  return found;
}
