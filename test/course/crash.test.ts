// A `kill -9` in the middle of a verb that replaces app/ must leave app/
// exactly as it was or exactly as intended. COURSE_PAUSE_AT freezes the
// command at a named point so the kill lands there.
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTree } from "../../scripts/course/chain.ts";
import { listSteps } from "../../scripts/course/steps.ts";
import { recoverInterruptedCommand } from "../../site/first-run.ts";
import { filesIn, finished, makeFixtureCourse, REPO_ROOT, runCourse, startCourse, startScript, type FixtureCourse } from "./fixture.ts";

// Where each pause point sits in scripts/course/transaction.ts, and what recovery makes of a kill there:
// until app/ has been moved aside it rolls back; after that it completes, and
// the moved-aside app/ becomes the snapshot.
const PAUSE_POINTS = { built: "old", journal: "old", trashed: "new", swapped: "new", snapshot: "new" } as const;

let course: FixtureCourse;
beforeEach(() => {
  course = makeFixtureCourse();
});
afterEach(() => course.remove());

/** Runs `course <args>` until it pauses at `point`, then kills it with SIGKILL. */
async function killAt(point: string, args: string[]): Promise<void> {
  const child = startCourse(course.root, args, { COURSE_PAUSE_AT: point });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  let stderr = "";
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk;
      if (stderr.includes(`paused at ${point}`)) resolve();
    });
    child.on("exit", () => reject(new Error(`\`course ${args.join(" ")}\` ended before pausing at ${point}: ${stderr}`)));
  });
  child.kill("SIGKILL");
  await exited;
}

function newestSnapshotDir(): string {
  const dir = path.join(course.root, ".course", "snapshots");
  return path.join(dir, fs.readdirSync(dir).sort().pop()!);
}

async function afterRecovery(): Promise<Record<string, string>> {
  const status = await runCourse(course.root, ["status"]);
  expect(status.code, status.stderr).toBe(0);
  expect(fs.existsSync(path.join(course.root, ".course", "journal.json")), "the journal is resolved").toBe(false);
  expect(fs.readdirSync(path.join(course.root, ".course", "tmp")), "temp dirs of the killed command are cleaned up").toEqual([]);
  return filesIn(course.app);
}

describe("a killed command never leaves a mixed app/", () => {
  /** app/ as the learner left it, and as `course <verb> 01` would leave it. */
  async function beforeAndIntended(verb: "start" | "solve" | "reset"): Promise<[Record<string, string>, Record<string, string>]> {
    await runCourse(course.root, ["start", "00"]);
    course.write("app/mine.ts", "// the learner's own file\n");
    const steps = listSteps(course.root);
    const intended = buildTree(steps, steps[1]!, verb === "solve" ? "solution" : "starter");
    return [filesIn(course.app), Object.fromEntries([...intended].map(([file, content]) => [file, content.toString("utf8")]))];
  }

  for (const [point, outcome] of Object.entries(PAUSE_POINTS)) {
    it(`course start, killed at "${point}", leaves app/ ${outcome}, and the learner's files in app/ or the snapshot`, async () => {
      const [before, intended] = await beforeAndIntended("start");
      await killAt(point, ["start", "01"]);
      expect(await afterRecovery(), `app/ after a kill at ${point}`).toEqual(outcome === "old" ? before : intended);
      if (outcome === "old") return;
      const { ".course-snapshot.json": _meta, ...newestSnapshot } = filesIn(newestSnapshotDir());
      expect(newestSnapshot, "the snapshot holds the learner's files").toEqual(before);
    });
  }

  for (const verb of ["solve", "reset"] as const) {
    it(`course ${verb}, killed mid-swap, leaves app/ old or new`, async () => {
      const [before, intended] = await beforeAndIntended(verb);
      await killAt("trashed", [verb, "01"]);
      expect([before, intended]).toContainEqual(await afterRecovery());
    });
  }

  it("a killed restore leaves app/ old or new", async () => {
    await runCourse(course.root, ["start", "00"]);
    course.write("app/app.ts", "// edited\n");
    const edited = filesIn(course.app);
    await runCourse(course.root, ["reset"]);
    const starter = filesIn(course.app);

    await killAt("trashed", ["restore"]);
    expect([starter, edited]).toContainEqual(await afterRecovery());
  });

  it("a save that re-creates app/ mid-swap is kept in the snapshot, and app/ is as intended", async () => {
    const [before, intended] = await beforeAndIntended("start");
    await killAt("trashed", ["start", "01"]);
    course.write("app/saved-mid-swap.ts", "// an editor re-created app/ to save this\n");
    course.write("app/mine.ts", "// a newer save of the learner's file\n");
    expect(await afterRecovery(), "app/ holds exactly the starter").toEqual(intended);
    const { ".course-snapshot.json": _meta, ...snapshot } = filesIn(newestSnapshotDir());
    expect(snapshot, "the late saves are in the snapshot, the newer one replacing the older").toEqual({
      ...before,
      "saved-mid-swap.ts": "// an editor re-created app/ to save this\n",
      "mine.ts": "// a newer save of the learner's file\n",
    });
  });

  it("a killed first start leaves no app/ or the whole starter", async () => {
    await killAt("trashed", ["start", "01"]);
    const after = await afterRecovery();
    expect(Object.keys(after).sort()).toEqual(["app.ts", "main.ts"]);
  });

  it("recovery completes the step change it finished swapping", async () => {
    await runCourse(course.root, ["start", "00"]);
    await killAt("swapped", ["start", "01"]);
    const status = await runCourse(course.root, ["status"]);
    expect(status.stderr).toContain("`npx course start 01-double` was interrupted; it has now been completed.");
    expect(status.stdout).toMatch(/01-double.*← current/);
  });
});

describe("a kill mid-swap is finished by whatever runs next, not only `course`", () => {
  /** A learner's app/ moved aside by `course start 01`, killed before the new one went in. */
  async function appMissingMidSwap(): Promise<Record<string, string>> {
    await runCourse(course.root, ["start", "00"]);
    course.write("app/mine.ts", "// the learner's own file\n");
    const before = filesIn(course.app);
    await killAt("trashed", ["start", "01"]);
    expect(fs.existsSync(course.app), "the kill left no app/ (the case under test)").toBe(false);
    return before;
  }

  it("`npm run app` completes the swap and runs the new app", async () => {
    await appMissingMidSwap();
    const run = await finished(startScript(course.root, path.join(REPO_ROOT, "scripts", "app.ts")));
    expect(run.stderr).not.toContain("No step started yet");
    expect(run.stderr).toContain("`course start 01-double` was interrupted; it has now been completed.");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout, "app/main.ts of step 01 ran").toContain("3");
    expect(Object.keys(filesIn(course.app)).sort()).toEqual(["app.ts", "main.ts"]);
  });

  it("`npm start` completes the swap before it looks for app/", async () => {
    const before = await appMissingMidSwap();
    recoverInterruptedCommand(course.root);
    expect(Object.keys(filesIn(course.app)).sort()).toEqual(["app.ts", "main.ts"]);
    expect(fs.existsSync(path.join(course.root, ".course", "journal.json")), "the journal is resolved").toBe(false);
    const { ".course-snapshot.json": _meta, ...snapshot } = filesIn(newestSnapshotDir());
    expect(snapshot, "the learner's files are in the snapshot").toEqual(before);
  });
});
