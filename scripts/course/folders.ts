// Whole folders copied or merged exactly as they are on disk: file modes,
// symlinks (as links with their target, never followed) and empty folders.
// Snapshots are made of these. tree.ts's in-memory Tree holds file contents
// only, which is all that steps, diffs and check hashes need.
import fs from "node:fs";
import path from "node:path";

/**
 * Copies the folder `from` to a new folder `to`. Links are recreated, not
 * followed, so nothing outside `from` is read and nothing outside `to` is
 * written: every entry is created fresh under `to` (COPYFILE_EXCL), and a real
 * folder cannot hold both a link `x` and files under `x/` to write through it.
 */
export function copyFolder(from: string, to: string, skip: (relative: string) => boolean = () => false): void {
  const copy = (relative: string) => {
    const source = path.join(from, relative);
    const target = path.join(to, relative);
    const stat = fs.lstatSync(source);
    if (stat.isSymbolicLink()) return fs.symlinkSync(fs.readlinkSync(source), target);
    if (stat.isDirectory()) {
      fs.mkdirSync(target);
      for (const name of fs.readdirSync(source).sort()) {
        const child = relative ? `${relative}/${name}` : name;
        if (!skip(child)) copy(child);
      }
    } else if (stat.isFile()) {
      fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
    } else {
      return; // sockets and pipes are a running program's, not the learner's work
    }
    // After the children, so a read-only folder is still filled first.
    fs.chmodSync(target, stat.mode & 0o7777);
  };
  copy("");
}

/**
 * Moves everything in `late` into `into`, then removes `late`; returns how
 * many entries moved. Entries move by rename, so an editor still writing a
 * file keeps writing into it. A file in both is the newer save in `late` and
 * replaces the older one, as saving it in place would have; a file that meets
 * a folder keeps both, the late one renamed.
 */
export function mergeFolder(late: string, into: string): number {
  let moved = 0;
  for (const name of fs.readdirSync(late)) {
    const source = path.join(late, name);
    const target = path.join(into, name);
    const there = lstatOrNull(target);
    const sourceIsFolder = fs.lstatSync(source).isDirectory();
    if (there?.isDirectory() && sourceIsFolder) {
      moved += mergeFolder(source, target);
      continue;
    }
    fs.renameSync(source, there && (there.isDirectory() || sourceIsFolder) ? freePath(target) : target);
    moved++;
  }
  fs.rmdirSync(late);
  return moved;
}

/**
 * Removes every folder named in `leftOut`, at any depth, without following
 * links; returns how many files and links stay.
 */
export function pruneFolder(dir: string, leftOut: ReadonlySet<string>): number {
  let kept = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (!entry.isDirectory()) kept++;
    else if (leftOut.has(entry.name)) fs.rmSync(full, { recursive: true, force: true, maxRetries: 3 });
    else kept += pruneFolder(full, leftOut);
  }
  return kept;
}

function freePath(wanted: string): string {
  let candidate = `${wanted}.late`;
  for (let n = 2; lstatOrNull(candidate); n++) candidate = `${wanted}.late-${n}`;
  return candidate;
}

function lstatOrNull(file: string): fs.Stats | null {
  return fs.lstatSync(file, { throwIfNoEntry: false }) ?? null;
}
