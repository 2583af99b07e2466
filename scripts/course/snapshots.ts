// Snapshots of app/ in .course/snapshots/<time>-<verb>-<step>/, taken before
// any verb replaces files. Each is written to a temp dir and renamed into
// place, so a listed snapshot is always complete. node_modules is left out.
import fs from "node:fs";
import path from "node:path";
import type { CoursePaths } from "./context.ts";
import { CourseError } from "./errors.ts";
import { temporaryDir, pauseForTests } from "./transaction.ts";
import { readTree, writeTree, type Tree } from "./tree.ts";

const META_FILE = ".course-snapshot.json";

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

/** Copies app/ into a new snapshot; null when there is no app/ to save. */
export function takeSnapshot(paths: CoursePaths, verb: string, step: string | null, current: string | null): Snapshot | null {
  if (!fs.existsSync(paths.app)) return null;
  const tree = readTree(paths.app, (relative) => path.basename(relative) === "node_modules");
  const meta: SnapshotMeta = { createdAt: new Date().toISOString(), verb, step, current, files: tree.size };
  const id = uniqueId(paths, `${meta.createdAt.replace(/[:.]/g, "-")}-${verb}${step ? `-${step}` : ""}`);
  const staging = temporaryDir(paths, "snapshot");
  writeTree(staging, tree);
  fs.writeFileSync(path.join(staging, META_FILE), JSON.stringify(meta, null, 2));
  fs.mkdirSync(paths.snapshots, { recursive: true });
  fs.renameSync(staging, path.join(paths.snapshots, id));
  pauseForTests("snapshot");
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
  if (snapshots.length === 0) throw new CourseError("There are no snapshots yet — they are taken before start, solve, reset and restore", "course status");
  if (wanted === undefined) return snapshots[0]!;
  if (/^\d{1,4}$/.test(wanted) && snapshots[Number(wanted) - 1]) return snapshots[Number(wanted) - 1]!;
  const exact = snapshots.find((snapshot) => snapshot.id === wanted);
  if (exact) return exact;
  const matches = snapshots.filter((snapshot) => snapshot.id.includes(wanted));
  if (matches.length === 1) return matches[0]!;
  const problem = matches.length === 0 ? `No snapshot matches "${wanted}"` : `"${wanted}" matches ${matches.length} snapshots`;
  throw new CourseError(problem, "course snapshots");
}

export function readSnapshotTree(snapshot: Snapshot): Tree {
  return readTree(snapshot.dir, (relative) => relative === META_FILE);
}
