// Watches app/ for saves, debounced. Two watches, because `course start`
// replaces app/ by renaming a whole new directory into place: chokidar
// follows edits inside app/, but keeps watching the old, renamed-away
// directory; a plain watch on the course root sees the name "app" change
// hands, and then points chokidar at the new directory.
import fs from "node:fs";
import path from "node:path";
import { watch, type FSWatcher } from "chokidar";

export interface AppWatch {
  close(): Promise<void>;
}

export async function watchApp(courseRoot: string, debounceMs: number, onChange: () => void): Promise<AppWatch> {
  const root = path.resolve(courseRoot);
  const appDir = path.join(root, "app");
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };

  let files = await watchFiles(appDir, changed);
  // Re-watches run one after another, so the last one sees the final app/.
  let rewatching: Promise<void> = Promise.resolve();
  const rootWatch = fs.watch(root, function appDirReplaced(_event, name) {
    if (name !== "app") return;
    changed();
    rewatching = rewatching.then(async () => {
      await files?.close();
      files = await watchFiles(appDir, changed);
    });
  });
  rootWatch.on("error", (error) => console.error(`[site] Stopped noticing when app/ is replaced: ${error.message}`));

  return {
    async close() {
      rootWatch.close();
      await rewatching;
      await files?.close();
      clearTimeout(timer);
    },
  };
}

/** A chokidar watch on app/, or null while there is no app/ (the root watch sees it appear). */
async function watchFiles(appDir: string, onEvent: () => void): Promise<FSWatcher | null> {
  if (!fs.existsSync(appDir)) return null;
  const watcher = watch(appDir, { ignoreInitial: true, ignored: (file) => file.includes(`${path.sep}node_modules`) });
  watcher.on("all", onEvent);
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return watcher;
}
