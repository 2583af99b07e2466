// Replacing app/ without ever leaving a mix of old and new files, and
// without losing a save made while it happens.
//   1. fill .course/tmp/incoming-… with the new app/      (app/ untouched)
//   2. write .course/journal.json naming the temp dirs
//   3. rename app/ → .course/tmp/outgoing-…
//   4. rename incoming → app/
//   5. keep outgoing as the snapshot (.course/snapshots/…)
//   6. record the current step, delete the journal
// Renames within one file system are atomic, so a kill at any point leaves
// app/ old or new; the next command reads the journal and finishes or rolls back.
//
// Why the snapshot is the moved app/ rather than a copy made before the swap:
// a copy misses every save made between reading app/ and replacing it (a probe
// lost 172 of 1,618). The rename in step 3 is one instant. A save before it is
// in outgoing, and an editor holding a file open keeps writing into it there;
// a save after step 4 is in the new app/. A save between 3 and 4 either fails
// (its folder is gone) or, from an editor that re-creates missing folders,
// makes a new app/. Step 4 then fails, so that app/ is moved aside too and
// merged into the snapshot — not into the new app/, which holds exactly what
// the verb promised; `course restore` brings those files back.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { CoursePaths } from "./context.ts";
import { CourseError } from "./errors.ts";
import { mergeFolder } from "./folders.ts";
import { updateProgress } from "./progress.ts";
import { keepAsSnapshot, type Snapshot, type SnapshotPlan } from "./snapshots.ts";
import { removeDir, writeFileAtomic } from "./tree.ts";

// A journal older than this belongs to a dead command even if its pid was reused.
const JOURNAL_STALE_AFTER_MS = 10 * 60 * 1000;
// Each retry of step 4 needs a save to re-create app/ within microseconds; this many in a row means something else is wrong.
const SWAP_ATTEMPTS = 100;

interface Journal {
  pid: number;
  startedAt: number;
  /** What the learner ran, for the recovery message: "course start 01-socket-mount". */
  command: string;
  incoming: string;
  outgoing: string;
  /** Whether there was an app/ to move: if it was never moved, nothing has changed yet. */
  hadApp: boolean;
  snapshot: SnapshotPlan;
  /** The current step once the replace is done. */
  current: string | null;
}

export interface Replacement {
  command: string;
  current: string | null;
  /** What the snapshot of the old app/ records. */
  snapshot: Omit<SnapshotPlan, "createdAt">;
}

export interface Replaced {
  /** The old app/, kept; null when there was none. */
  snapshot: Snapshot | null;
  /** Files and folders saved into a re-created app/ mid-swap, now in the snapshot. */
  lateEntries: number;
}

/** Replaces app/ with what `fill` writes into an empty folder, keeping the old app/ as a snapshot. */
export function replaceApp(paths: CoursePaths, fill: (dir: string) => void, replacement: Replacement): Replaced {
  const incoming = temporaryDir(paths, "incoming");
  fill(incoming);
  pauseForTests("built");
  const journal: Journal = {
    pid: process.pid,
    startedAt: Date.now(),
    ...replacement,
    snapshot: { ...replacement.snapshot, createdAt: new Date().toISOString() },
    incoming,
    outgoing: temporaryDir(paths, "outgoing"),
    hadApp: fs.existsSync(paths.app),
  };
  writeFileAtomic(paths.journal, JSON.stringify(journal, null, 2));
  pauseForTests("journal");
  if (journal.hadApp) fs.renameSync(paths.app, journal.outgoing);
  pauseForTests("trashed");
  return complete(paths, journal);
}

/** Steps 4–6; each checks what is already done, so recovery can resume anywhere. */
function complete(paths: CoursePaths, journal: Journal): Replaced {
  if (fs.existsSync(journal.incoming)) swapIn(paths, journal);
  pauseForTests("swapped");
  const replaced = keepOutgoing(paths, journal);
  pauseForTests("snapshot");
  updateProgress(paths, (progress) => {
    progress.current = journal.current;
  });
  fs.rmSync(paths.journal, { force: true });
  return replaced;
}

/** Step 4. rename() will not replace a non-empty folder: an app/ re-created by a save is moved aside first. */
function swapIn(paths: CoursePaths, journal: Journal): void {
  for (let attempt = 1; ; attempt++) {
    try {
      fs.renameSync(journal.incoming, paths.app);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== "ENOTEMPTY" && code !== "EEXIST") || attempt >= SWAP_ATTEMPTS) throw error;
      fs.renameSync(paths.app, `${journal.outgoing}-late-${lateFolders(journal).length + 1}`);
    }
  }
}

/** Step 5: merges the moved-aside late app/ folders into outgoing, and keeps that as the snapshot. */
function keepOutgoing(paths: CoursePaths, journal: Journal): Replaced {
  let lateEntries = 0;
  for (const late of lateFolders(journal)) {
    fs.mkdirSync(journal.outgoing, { recursive: true }); // a first `course start` had no app/ to move
    lateEntries += mergeFolder(late, journal.outgoing);
  }
  if (!fs.existsSync(journal.outgoing)) return { snapshot: null, lateEntries };
  return { snapshot: keepAsSnapshot(paths, journal.outgoing, journal.snapshot), lateEntries };
}

function lateFolders(journal: Journal): string[] {
  const dir = path.dirname(journal.outgoing);
  const prefix = `${path.basename(journal.outgoing)}-late-`;
  const numbered = fs.readdirSync(dir).filter((name) => name.startsWith(prefix));
  return numbered.sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length))).map((name) => path.join(dir, name));
}

/** Finishes or rolls back a replace that was killed; returns a sentence for the learner, or null. */
export function recoverInterruptedReplace(paths: CoursePaths): string | null {
  if (!fs.existsSync(paths.journal)) return null;
  const journal = JSON.parse(fs.readFileSync(paths.journal, "utf8")) as Journal;
  const fresh = Date.now() - journal.startedAt < JOURNAL_STALE_AFTER_MS;
  if (journal.pid !== process.pid && fresh && isAlive(journal.pid)) {
    throw new CourseError(`\`${journal.command}\` (pid ${journal.pid}) is replacing app/ right now — wait for it, then`, "course status");
  }
  // Decided by outgoing, not by whether app/ exists: after step 3 a save may have re-created app/.
  if (journal.hadApp && fs.existsSync(journal.incoming) && !fs.existsSync(journal.outgoing)) {
    removeDir(journal.incoming);
    fs.rmSync(paths.journal, { force: true });
    return `\`${journal.command}\` was interrupted before it changed app/; app/ is as it was. Run it again if you still want it.`;
  }
  complete(paths, journal);
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

/** Whether a process with this pid runs (EPERM: it does, as another user). */
export function isAlive(pid: number): boolean {
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
