// A file tree held in memory: posix-style relative path → bytes. Steps,
// solutions, snapshots and app/ are all read into and written from this shape.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type Tree = Map<string, Buffer>;

const NOISE_DIRS = new Set(["node_modules", ".course", ".git"]);
const NOISE_FILES = new Set(["package-lock.json", "pnpm-lock.yaml", "yarn.lock", "bun.lockb", ".DS_Store"]);
const NOISE_SUFFIXES = [".db", ".db-wal", ".db-shm", ".db-journal"];

/** Files that are machine state, not the learner's work: left out of diffs, hashes and watching. */
export function isNoise(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/);
  const name = parts[parts.length - 1] ?? "";
  return parts.some((part) => NOISE_DIRS.has(part)) || NOISE_FILES.has(name) || NOISE_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** Reads every regular file under `dir`; `skip` sees relative paths (files and directories). */
export function readTree(dir: string, skip: (relativePath: string) => boolean = () => false): Tree {
  const tree: Tree = new Map();
  const walk = (relativeDir: string) => {
    const entries = fs.readdirSync(path.join(dir, relativeDir), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (skip(relative)) continue;
      if (entry.isDirectory()) walk(relative);
      else if (entry.isFile()) tree.set(relative, fs.readFileSync(path.join(dir, relative)));
    }
  };
  walk("");
  return tree;
}

export function writeTree(dir: string, tree: Tree): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [relative, content] of tree) {
    const target = path.join(dir, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** One hash for a whole tree: what `course check` records for the files that passed. */
export function hashTree(tree: Tree): string {
  const hash = createHash("sha256");
  for (const relative of [...tree.keys()].sort()) {
    hash
      .update(relative)
      .update("\0")
      .update(createHash("sha256").update(tree.get(relative)!).digest("hex"))
      .update("\n");
  }
  return `sha256:${hash.digest("hex")}`;
}

export function sameTrees(a: Tree, b: Tree): boolean {
  if (a.size !== b.size) return false;
  for (const [relative, content] of a) {
    const other = b.get(relative);
    if (!other?.equals(content)) return false;
  }
  return true;
}

/** Writes a file so readers see the old or the new content, never half of it. */
export function writeFileAtomic(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}
