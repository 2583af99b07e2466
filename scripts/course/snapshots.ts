// Snapshots of app/ in .course/snapshots/<time>-<verb>-<step>/. A snapshot is
// the old app/ itself, moved aside by the verb that replaces it (see
// transaction.ts), so it holds every save up to that instant, exactly as it
// was on disk: file modes, symlinks and empty folders included. It is renamed
// into place whole, so a listed snapshot is always complete.
import fs from "node:fs";
import path from "node:path";
import type { CoursePaths } from "./context.ts";
import { CourseError } from "./errors.ts";
import { copyFolder, pruneFolder } from "./folders.ts";

const META_FILE = ".course-snapshot.json";

// Installed packages, not the learner's work: large, and `npm install` brings them back.
export const LEFT_OUT_OF_SNAPSHOTS: ReadonlySet<string> = new Set(["node_modules"]);

export interface Snapshot {
  id: string;
  dir: string;
  createdAt: string;
  verb: string;
  /** The step the verb was about, and the step that was current when the snapshot was taken. */
  step: string | null;
  current: string | null;
  files: number;
}

type SnapshotMeta = Omit<Snapshot, "id" | "dir">;

/** What a verb says about the snapshot it is about to take. */
export type SnapshotPlan = Omit<SnapshotMeta, "files">;

/** Turns `dir` — app/ as it was, already moved aside — into a snapshot. */
export function keepAsSnapshot(paths: CoursePaths, dir: string, plan: SnapshotPlan): Snapshot {
  const meta: SnapshotMeta = { ...plan, files: pruneFolder(dir, LEFT_OUT_OF_SNAPSHOTS) };
  fs.writeFileSync(path.join(dir, META_FILE), JSON.stringify(meta, null, 2));
  const id = uniqueId(paths, `${meta.createdAt.replace(/[:.]/g, "-")}-${meta.verb}${meta.step ? `-${meta.step}` : ""}`);
  fs.mkdirSync(paths.snapshots, { recursive: true });
  fs.renameSync(dir, path.join(paths.snapshots, id));
  return { id, dir: path.join(paths.snapshots, id), ...meta };
}

function uniqueId(paths: CoursePaths, base: string): string {
  let id = base;
  for (let n = 2; fs.existsSync(path.join(paths.snapshots, id)); n++) id = `${base}-${n}`;
  return id;
}

/** Every snapshot, newest first. */
export function listSnapshots(paths: CoursePaths): Snapshot[] {
  if (!fs.existsSync(paths.snapshots)) return [];
  return fs
    .readdirSync(paths.snapshots, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => readSnapshot(paths, entry.name))
    .sort((a, b) => b.id.localeCompare(a.id));
}

function readSnapshot(paths: CoursePaths, id: string): Snapshot {
  const dir = path.join(paths.snapshots, id);
  const metaFile = path.join(dir, META_FILE);
  const fallback: SnapshotMeta = { createdAt: fs.statSync(dir).mtime.toISOString(), verb: "?", step: null, current: null, files: 0 };
  const meta = fs.existsSync(metaFile) ? (JSON.parse(fs.readFileSync(metaFile, "utf8")) as SnapshotMeta) : fallback;
  return { id, dir, ...meta };
}

/** Finds a snapshot by its number in `course snapshots` (1 = newest), its id, or a unique part of it. */
export function findSnapshot(snapshots: Snapshot[], wanted: string | undefined): Snapshot {
  if (snapshots.length === 0)
    throw new CourseError("There are no snapshots yet — they are taken before start, solve, reset and restore", "course status");
  if (wanted === undefined) return snapshots[0]!;
  if (/^\d{1,4}$/.test(wanted) && snapshots[Number(wanted) - 1]) return snapshots[Number(wanted) - 1]!;
  const exact = snapshots.find((snapshot) => snapshot.id === wanted);
  if (exact) return exact;
  const matches = snapshots.filter((snapshot) => snapshot.id.includes(wanted));
  if (matches.length === 1) return matches[0]!;
  const problem = matches.length === 0 ? `No snapshot matches "${wanted}"` : `"${wanted}" matches ${matches.length} snapshots`;
  throw new CourseError(problem, "course snapshots");
}

/** Copies a snapshot's files (not its metadata) into the new folder `destination`. */
export function copySnapshot(snapshot: Snapshot, destination: string): void {
  copyFolder(snapshot.dir, destination, (relative) => relative === META_FILE);
}
