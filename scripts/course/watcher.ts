// Watching app/ for saves. File events do not arrive everywhere (WSL on a
// Windows drive, network and container mounts), so first we probe: write a
// file and wait briefly for its event. No event means we poll instead.
import fs from "node:fs";
import path from "node:path";
import type { FSWatcher } from "chokidar";
import type { CoursePaths } from "./context.ts";
import { temporaryDir } from "./transaction.ts";
import { isNoise, removeDir } from "./tree.ts";

// Long enough for a busy machine to deliver a native event, short enough not to stall `course watch`.
const PROBE_TIMEOUT_MS = 1000;
const POLL_INTERVAL_MS = 300;
// Editors write a file in bursts (truncate, write, rename) a few ms apart: one
// check per burst. Every ms here is added to each re-check, so keep it short.
const SETTLE_MS = 50;

/** Whether native file events arrive for files under the course's .course/ (the same disk as app/). */
export async function fileEventsArrive(paths: CoursePaths, timeoutMs = probeTimeout()): Promise<boolean> {
  const { watch } = await import("chokidar");
  const dir = temporaryDir(paths, "probe");
  fs.mkdirSync(dir, { recursive: true });
  const watcher = watch(dir, { ignoreInitial: true });
  try {
    await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
    const arrived = new Promise<boolean>((resolve) => watcher.once("add", () => resolve(true)));
    fs.writeFileSync(path.join(dir, "probe"), String(Date.now()));
    return await Promise.race([arrived, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs))]);
  } finally {
    await watcher.close();
    removeDir(dir);
  }
}

/** COURSE_WATCH_PROBE_MS shortens the probe; 0 simulates a disk without file events. */
function probeTimeout(): number {
  const fromEnv = process.env.COURSE_WATCH_PROBE_MS;
  return fromEnv !== undefined && /^\d+$/.test(fromEnv) ? Number(fromEnv) : PROBE_TIMEOUT_MS;
}

/** Calls `onSave` once things settle after any change under appDir (noise ignored). */
export async function watchDirectory(appDir: string, polling: boolean, onSave: () => void): Promise<FSWatcher> {
  const { watch } = await import("chokidar");
  const watcher = watch(appDir, {
    ignoreInitial: true,
    ignored: (file) => isNoise(path.relative(appDir, file)),
    usePolling: polling,
    interval: POLL_INTERVAL_MS,
    binaryInterval: POLL_INTERVAL_MS,
  });
  let timer: NodeJS.Timeout | undefined;
  watcher.on("all", () => {
    clearTimeout(timer);
    timer = setTimeout(onSave, SETTLE_MS);
  });
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return watcher;
}

export const WATCH_POLL_INTERVAL_MS = POLL_INTERVAL_MS;
