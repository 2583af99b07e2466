// Saves made into app/ while a verb replaces it must never vanish: each one
// ends up in app/ or in the snapshot the verb takes. A worker thread saves
// uniquely named files in a tight loop, the way an editor re-creates a missing
// folder on save, while the real CLI runs; then every save it made is looked for.
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeFixtureCourse, runCourse, type FixtureCourse } from "./fixture.ts";

const PAUSE_BETWEEN_SAVES_IN_MS = 0.5; // about as busy as the probe that lost 172 of 1,618 saves

// Plain JavaScript: an eval'd worker is not compiled. A save counts once writeFileSync returns.
const SAVER = `
const fs = require("node:fs");
const path = require("node:path");
const { workerData, parentPort } = require("node:worker_threads");
const stop = new Int32Array(workerData.stop);
const saved = [];
let attempted = 0;
while (Atomics.load(stop, 0) === 0) {
  const name = "save-" + attempted++ + ".txt";
  try {
    fs.mkdirSync(workerData.app, { recursive: true });
    fs.writeFileSync(path.join(workerData.app, name), name);
    saved.push(name);
  } catch {}
  Atomics.wait(stop, 0, 0, workerData.pauseMs);
}
parentPort.postMessage({ attempted, saved });
`;

interface Saves {
  attempted: number;
  saved: string[];
}

let course: FixtureCourse;
beforeEach(() => {
  course = makeFixtureCourse();
});
afterEach(() => course.remove());

/** Runs `course <args>` while a worker keeps saving files into app/; returns what it saved. */
async function runWhileSaving(args: string[]): Promise<Saves> {
  const stop = new SharedArrayBuffer(4);
  const saver = new Worker(SAVER, { eval: true, workerData: { app: course.app, stop, pauseMs: PAUSE_BETWEEN_SAVES_IN_MS } });
  const result = new Promise<Saves>((resolve, reject) => {
    saver.once("message", resolve);
    saver.once("error", reject);
  });
  const run = await runCourse(course.root, args);
  Atomics.store(new Int32Array(stop), 0, 1);
  Atomics.notify(new Int32Array(stop), 0);
  expect(run.code, run.stderr).toBe(0);
  return result;
}

function newestSnapshotDir(): string {
  const dir = path.join(course.root, ".course", "snapshots");
  return path.join(dir, fs.readdirSync(dir).sort().pop()!);
}

/** The saves found, with the content written, in app/ and in the newest snapshot. */
function whereSaved(saved: string[]): { inApp: string[]; inSnapshot: string[] } {
  const holds = (dir: string) => (name: string) => readOrNull(path.join(dir, name)) === name;
  return { inApp: saved.filter(holds(course.app)), inSnapshot: saved.filter(holds(newestSnapshotDir())) };
}

function readOrNull(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
}

const VERBS = {
  start: { setUp: ["start", "00"], run: ["start", "01"] },
  solve: { setUp: ["start", "00"], run: ["solve"] },
  reset: { setUp: ["start", "00"], run: ["reset"] },
  restore: { setUp: ["start", "00", "+", "reset"], run: ["restore"] },
} as const;

describe("saves made while a verb replaces app/", () => {
  for (const [verb, { setUp, run }] of Object.entries(VERBS)) {
    it(`are all in app/ or the snapshot after course ${verb}`, async () => {
      for (const command of setUp.join(" ").split(" + ")) await runCourse(course.root, command.split(" "));
      const { attempted, saved } = await runWhileSaving([...run]);
      const { inApp, inSnapshot } = whereSaved(saved);
      const found = new Set([...inApp, ...inSnapshot]);
      console.log(
        `course ${verb}: ${attempted} saves attempted, ${saved.length} succeeded, ${found.size} accounted for` +
          ` (${inSnapshot.length} in the snapshot, ${inApp.length} in app/)`,
      );
      expect(inSnapshot.length > 0 && inApp.length > 0, "the saver should have saved before and after the swap").toBe(true);
      const lost = saved.filter((name) => !found.has(name));
      expect(lost, `saves missing from app/ and the snapshot after course ${verb}`).toEqual([]);
    });
  }
});
