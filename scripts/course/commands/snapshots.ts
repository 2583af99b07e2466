// `course snapshots` lists the saved copies of app/; `course restore [ID]`
// brings one back, after saving the current app/ as a snapshot of its own.
import { openCourse } from "../open-course.ts";
import { readProgress } from "../progress.ts";
import { findSnapshot, listSnapshots, readSnapshotTree, takeSnapshot } from "../snapshots.ts";
import { replaceApp } from "../transaction.ts";
import { color, next, say } from "../ui.ts";
import { reportSnapshot } from "./apply.ts";

export function snapshotsCommand(): void {
  const course = openCourse();
  const snapshots = listSnapshots(course.paths);
  if (snapshots.length === 0) {
    say("No snapshots yet. One is taken before every start, solve, reset and restore.");
    return;
  }
  say(color.bold("Snapshots of app/, newest first"));
  say();
  for (const [index, snapshot] of snapshots.entries()) {
    const when = new Date(snapshot.createdAt).toLocaleString();
    const before = `before \`course ${snapshot.verb}${snapshot.step ? ` ${snapshot.step}` : ""}\``;
    say(`${String(index + 1).padStart(3)}  ${snapshot.id}`);
    say(color.dim(`       ${when} · ${before} · ${snapshot.files} files${snapshot.current ? ` · you were on ${snapshot.current}` : ""}`));
  }
  say();
  next("`course restore` brings back the newest; `course restore 2` (or an id) an older one");
}

export function restoreCommand(wanted: string | undefined): void {
  const course = openCourse();
  const target = findSnapshot(listSnapshots(course.paths), wanted);
  const tree = readSnapshotTree(target);
  const progress = readProgress(course.paths);
  const saved = takeSnapshot(course.paths, "restore", progress.current, progress.current);
  replaceApp(course.paths, tree, { command: `course restore ${target.id}`, current: target.current ?? progress.current });
  reportSnapshot(saved);
  say(`${color.green("✓")} app/ is back as it was in ${color.bold(target.id)}.`);
  next("`course status`");
}
