// `course snapshots` lists the saved copies of app/; `course restore [ID]`
// brings one back, after saving the current app/ as a snapshot of its own.
import { openCourse } from "../open-course.ts";
import { readProgress } from "../progress.ts";
import { copySnapshot, findSnapshot, LEFT_OUT_OF_SNAPSHOTS, listSnapshots } from "../snapshots.ts";
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
  say(color.dim("Each holds app/ as it was: file modes, symlinks and empty folders too."));
  say(color.dim(`Left out: ${[...LEFT_OUT_OF_SNAPSHOTS].map((name) => `${name}/`).join(", ")} (installed packages, not your work).`));
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
  const progress = readProgress(course.paths);
  const replaced = replaceApp(course.paths, (dir) => copySnapshot(target, dir), {
    command: `course restore ${target.id}`,
    current: target.current ?? progress.current,
    snapshot: { verb: "restore", step: progress.current, current: progress.current },
  });
  reportSnapshot(replaced);
  say(`${color.green("✓")} app/ is back as it was in ${color.bold(target.id)}.`);
  next("`course status`");
}
