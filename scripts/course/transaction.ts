// Replacing app/ without ever leaving a mix of old and new files.
//   1. write the new tree into .course/tmp/incoming-…      (app/ untouched)
//   2. write .course/journal.json naming both temp dirs
//   3. rename app/ → .course/tmp/trash-…
//   4. rename incoming → app/
//   5. record the current step, delete the journal, then the trash
// Renames within one file system are atomic, so a kill at any point leaves
// app/ old or new; the next command reads the journal and finishes or rolls back.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { CoursePaths } from "./context.ts";
import { CourseError } from "./errors.ts";
import { updateProgress } from "./progress.ts";
import { removeDir, writeFileAtomic, writeTree, type Tree } from "./tree.ts";

// A journal older than this belongs to a dead command even if its pid was reused.
const JOURNAL_STALE_AFTER_MS = 10 * 60 * 1000;

interface Journal {
  pid: number;
  startedAt: number;
  /** What the learner ran, for the recovery message: "course start 01-socket-mount". */
  command: string;
  incoming: string;
  trash: string;
  /** The current step once the replace is done. */
  current: string | null;
}

export interface Replacement {
  command: string;
  current: string | null;
}

export function replaceApp(paths: CoursePaths, tree: Tree, replacement: Replacement): void {
  const incoming = temporaryDir(paths, "incoming");
  writeTree(incoming, tree);
  pauseForTests("built");
  const journal: Journal = { pid: process.pid, startedAt: Date.now(), ...replacement, incoming, trash: temporaryDir(paths, "trash") };
  writeFileAtomic(paths.journal, JSON.stringify(journal, null, 2));
  pauseForTests("journal");
  if (fs.existsSync(paths.app)) fs.renameSync(paths.app, journal.trash);
  pauseForTests("trashed");
  fs.renameSync(incoming, paths.app);
  pauseForTests("swapped");
  finish(paths, journal);
}

function finish(paths: CoursePaths, journal: Journal): void {
  updateProgress(paths, (progress) => {
    progress.current = journal.current;
  });
  fs.rmSync(paths.journal, { force: true });
  removeDir(journal.trash);
}

/** Finishes or rolls back a replace that was killed; returns a sentence for the learner, or null. */
export function recoverInterruptedReplace(paths: CoursePaths): string | null {
  if (!fs.existsSync(paths.journal)) return null;
  const journal = JSON.parse(fs.readFileSync(paths.journal, "utf8")) as Journal;
  const fresh = Date.now() - journal.startedAt < JOURNAL_STALE_AFTER_MS;
  if (journal.pid !== process.pid && fresh && isAlive(journal.pid)) {
    throw new CourseError(`\`${journal.command}\` (pid ${journal.pid}) is replacing app/ right now — wait for it, then`, "course status");
  }
  if (fs.existsSync(journal.incoming) && fs.existsSync(paths.app)) {
    removeDir(journal.incoming);
    fs.rmSync(paths.journal, { force: true });
    return `\`${journal.command}\` was interrupted before it changed app/; app/ is as it was. Run it again if you still want it.`;
  }
  if (fs.existsSync(journal.incoming)) fs.renameSync(journal.incoming, paths.app);
  finish(paths, journal);
  return `\`${journal.command}\` was interrupted; it has now been completed.`;
}

/** Removes temp dirs left by killed course commands (their names carry the owner's pid). */
export function removeAbandonedTemporaries(paths: CoursePaths): void {
  if (!fs.existsSync(paths.tmp)) return;
  for (const name of fs.readdirSync(paths.tmp)) {
    const owner = /^course-[a-z]+-(\d+)-[0-9a-f]{8}(\.json)?$/.exec(name);
    if (owner && !isAlive(Number(owner[1]))) removeDir(path.join(paths.tmp, name));
  }
}

/** A fresh path under .course/tmp/ named `course-<purpose>-<pid>-<random>` (others' temp files are left alone). */
export function temporaryDir(paths: CoursePaths, purpose: string): string {
  fs.mkdirSync(paths.tmp, { recursive: true });
  return path.join(paths.tmp, `course-${purpose}-${process.pid}-${randomBytes(4).toString("hex")}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** COURSE_PAUSE_AT=<point> freezes the command there, so tests can kill it mid-way. */
export function pauseForTests(point: string): void {
  if (process.env.COURSE_PAUSE_AT !== point) return;
  process.stderr.write(`course: paused at ${point} (pid ${process.pid})\n`);
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0, 60_000);
}
