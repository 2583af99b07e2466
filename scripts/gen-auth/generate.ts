/**
 * Renders every template for the given names (and the files of each chosen
 * feature) and writes the files into an app directory. Nothing is written if
 * any file already exists, unless `force`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { FEATURE_TEMPLATES_DIR, NO_FEATURES, type Features } from "./features.ts";
import type { Names } from "./names.ts";
import { render } from "./render.ts";

export const TEMPLATES_DIR = join(import.meta.dirname, "templates");

export type GeneratedFile = { path: string; content: string }; // path: relative to the app directory, posix

export type GenerateResult = { ok: true; created: string[]; overwritten: string[] } | { ok: false; existing: string[] };

/** Every file the generator writes for these names and features, in a stable order. */
export function planFiles(names: Names, features: Features = NO_FEATURES): GeneratedFile[] {
  const featureDirs = [...features].sort().map((feature) => join(FEATURE_TEMPLATES_DIR, feature));
  const files = [TEMPLATES_DIR, ...featureDirs].flatMap((dir) =>
    listTemplates(dir).map((template) => ({
      path: render(template, names, `path ${template}`),
      content: render(readFileSync(join(dir, template), "utf8"), names, template, features),
    })),
  );
  const paths = files.map((file) => file.path);
  const twice = paths.find((path, index) => paths.indexOf(path) !== index);
  if (twice) throw new Error(`two templates write ${twice}: a feature adds files, it never replaces one (use a block)`);
  return files;
}

export function generate(
  names: Names,
  into: string,
  { force = false, features = NO_FEATURES }: { force?: boolean; features?: Features } = {},
): GenerateResult {
  const files = planFiles(names, features);
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
