// `course watch [NN]`: check on start and again after every save. Follows the
// current step, so `course start NN` in another terminal is picked up. Checks
// go through the workspace's one warm runner (check/warm-check.ts): the course
// site's if it is running, else the watch's own, which `course check` in
// another terminal uses too, through .course/runner.json.
import fs from "node:fs";
import { startWarmCheck } from "../check/warm-check.ts";
import { chosenStep, openCourse } from "../open-course.ts";
import { CourseError } from "../errors.ts";
import { resolveStep } from "../steps.ts";
import { color, say, warn } from "../ui.ts";
import { fileEventsArrive, watchDirectory, WATCH_POLL_INTERVAL_MS } from "../watcher.ts";
import { checkAndReport } from "./check.ts";

export async function watchCommand(stepName: string | undefined, flags: { poll?: boolean; json?: boolean }): Promise<never> {
  const course = openCourse();
  const firstStep = chosenStep(course, stepName);
  if (!fs.existsSync(course.paths.app)) throw new CourseError("There is no app/ to watch yet", `course start ${firstStep.label}`);
  // Both take a moment and neither needs the other: the probe waits on the disk, vitest on the CPU.
  const [polling, runner] = await Promise.all([
    flags.poll === true || fileEventsArrive(course.paths).then((arrived) => !arrived),
    startWarmCheck(course.paths, course.steps, warn),
  ]);
  const check = serialised(async () => {
    const step = stepName ? resolveStep(course.steps, stepName) : chosenStep(course, undefined);
    if (!flags.json && process.stdout.isTTY) process.stdout.write("\x1bc");
    await checkAndReport(course, step, { json: flags.json, compactJson: true }, () => runner.check(step));
    if (!flags.json) say(color.dim(`\nWatching app/ (${modeName(polling, flags.poll)}) — save a file to check again, Ctrl-C to stop.`));
  });
  const watcher = await watchDirectory(course.paths.app, polling, check);
  if (flags.json) say(JSON.stringify({ watching: course.paths.app, mode: polling ? "polling" : "events" }));
  else say(color.dim(`Watching app/ (${modeName(polling, flags.poll)}).`));
  const stop = () => void Promise.all([watcher.close(), runner.close()]).finally(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  check();
  return new Promise<never>(() => {});
}

function modeName(polling: boolean, forced: boolean | undefined): string {
  if (!polling) return "file events";
  return forced
    ? `polling every ${WATCH_POLL_INTERVAL_MS} ms`
    : `polling every ${WATCH_POLL_INTERVAL_MS} ms — file events did not arrive on this disk`;
}

/** Runs `task` one at a time; calls made while it runs collapse into one more run. */
function serialised(task: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await task().catch(reportError);
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => void run();
}

function reportError(error: unknown): void {
  if (!(error instanceof CourseError)) throw error;
  process.stderr.write(`${color.red("✗")} ${error.message}\n`);
}
