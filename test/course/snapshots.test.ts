import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { filesIn, makeFixtureCourse, runCourse, type FixtureCourse } from "./fixture.ts";

let course: FixtureCourse;
beforeEach(() => {
  course = makeFixtureCourse();
});
afterEach(() => course.remove());

function snapshotIds(): string[] {
  const dir = path.join(course.root, ".course", "snapshots");
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** Edits app/ the way a learner would, including a binary file and a nested one. */
function editApp(): Record<string, string> {
  course.write("app/app.ts", "export function add(a: number, b: number) { return 42; }\n");
  course.write("app/lib/helper.ts", "export const helper = true;\n");
  fs.writeFileSync(path.join(course.app, "logo.bin"), Buffer.from([0, 1, 2, 255, 0]));
  fs.mkdirSync(path.join(course.app, "node_modules", "left-out"), { recursive: true });
  fs.writeFileSync(path.join(course.app, "node_modules", "left-out", "index.js"), "x");
  return filesIn(course.app);
}

describe("course start", () => {
  it("does not snapshot when there is no app/ yet", async () => {
    const run = await runCourse(course.root, ["start", "0"]);
    expect(run.code, run.stderr).toBe(0);
    expect(snapshotIds()).toEqual([]);
    expect(Object.keys(filesIn(course.app)).sort()).toEqual(["app.ts", "main.ts", "notes.md"]);
  });

  it("snapshots a modified app/ first, and restore brings it back byte-identical", async () => {
    await runCourse(course.root, ["start", "00"]);
    const edited = editApp();
    const binary = fs.readFileSync(path.join(course.app, "logo.bin"));

    const start = await runCourse(course.root, ["start", "01"]);
    expect(start.code, start.stderr).toBe(0);
    const [snapshot] = snapshotIds();
    expect(snapshot).toMatch(/^\d{4}-\d\d-\d\dT[\d-]+Z-start-01-double$/);
    expect(start.stdout).toContain(`.course/snapshots/${snapshot}/`);
    expect(filesIn(course.app)["lib/helper.ts"], "start replaced app/").toBeUndefined();

    const restore = await runCourse(course.root, ["restore"]);
    expect(restore.code, restore.stderr).toBe(0);
    const { "node_modules/left-out/index.js": _skipped, ...withoutModules } = edited;
    expect(filesIn(course.app)).toEqual(withoutModules);
    expect(fs.readFileSync(path.join(course.app, "logo.bin")).equals(binary)).toBe(true);
    expect(snapshotIds(), "restore snapshots the state it replaces").toHaveLength(2);
  });

  it("asks which step when none is given, naming the command", async () => {
    const run = await runCourse(course.root, ["start"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("run `npx course start 00`");
  });
});

describe("course solve and course reset", () => {
  it("solve snapshots, then writes the solution; reset brings back the starter", async () => {
    await runCourse(course.root, ["start", "0"]);
    const edited = editApp();

    const solve = await runCourse(course.root, ["solve"]);
    expect(solve.code, solve.stderr).toBe(0);
    expect(course.read("app/app.ts")).toContain("return a + b;");
    expect(snapshotIds()).toEqual([expect.stringMatching(/-solve-00-count$/)]);

    const reset = await runCourse(course.root, ["reset"]);
    expect(reset.code, reset.stderr).toBe(0);
    expect(course.read("app/app.ts")).toContain("return a - b;");
    expect(snapshotIds()).toHaveLength(2);

    const restore = await runCourse(course.root, ["restore", snapshotIds()[0]!]);
    expect(restore.code, restore.stderr).toBe(0);
    const { "node_modules/left-out/index.js": _skipped, ...withoutModules } = edited;
    expect(filesIn(course.app)).toEqual(withoutModules);
  });

  it("solve without a current step names the command to run", async () => {
    const run = await runCourse(course.root, ["solve"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("No step started yet — run `npx course start 00`");
  });
});

describe("course snapshots and course restore", () => {
  it("lists snapshots newest first and restores one by its number", async () => {
    await runCourse(course.root, ["start", "0"]);
    course.write("app/app.ts", "// first edit\n");
    await runCourse(course.root, ["reset"]);
    course.write("app/app.ts", "// second edit\n");
    await runCourse(course.root, ["reset"]);

    const list = await runCourse(course.root, ["snapshots"]);
    const [newest, older] = snapshotIds().reverse();
    expect(list.stdout.indexOf(newest!)).toBeLessThan(list.stdout.indexOf(older!));

    await runCourse(course.root, ["restore", "2"]);
    expect(course.read("app/app.ts")).toBe("// first edit\n");
  });

  it("says there is nothing to restore, and what to run", async () => {
    const run = await runCourse(course.root, ["restore"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("There are no snapshots yet");
    expect(run.stderr).toContain("run `npx course status`");
  });
});

describe("what a snapshot keeps", () => {
  /** A script with its execute bit, two symlinks (one leading out of app/) and an empty folder. */
  function addUnusualEntries(): void {
    course.write("outside-secret.txt", "not the learner's app\n");
    course.write("app/run.sh", "#!/bin/sh\necho hi\n");
    fs.chmodSync(path.join(course.app, "run.sh"), 0o755);
    fs.symlinkSync("app.ts", path.join(course.app, "same-as-app.ts"));
    fs.symlinkSync("../outside-secret.txt", path.join(course.app, "outside"));
    fs.mkdirSync(path.join(course.app, "empty", "nested"), { recursive: true });
  }

  function expectUnusualEntries(dir: string, where: string): void {
    expect(fs.statSync(path.join(dir, "run.sh")).mode & 0o777, `run.sh keeps its mode in ${where}`).toBe(0o755);
    for (const [link, target] of [
      ["same-as-app.ts", "app.ts"],
      ["outside", "../outside-secret.txt"],
    ]) {
      expect(fs.lstatSync(path.join(dir, link!)).isSymbolicLink(), `${link} is still a symlink in ${where}`).toBe(true);
      expect(fs.readlinkSync(path.join(dir, link!)), `${link} keeps its target in ${where}`).toBe(target);
    }
    expect(fs.readdirSync(path.join(dir, "empty")), `the empty folders are in ${where}`).toEqual(["nested"]);
  }

  it("keeps file modes, symlinks as links and empty folders through start and restore", async () => {
    await runCourse(course.root, ["start", "00"]);
    addUnusualEntries();

    await runCourse(course.root, ["start", "01"]);
    const snapshotDir = path.join(course.root, ".course", "snapshots", snapshotIds()[0]!);
    expectUnusualEntries(snapshotDir, "the snapshot");
    const copied = Object.values(filesIn(snapshotDir));
    expect(copied, "a symlink out of app/ is stored as a link, never followed").not.toContain("not the learner's app\n");

    const restore = await runCourse(course.root, ["restore"]);
    expect(restore.code, restore.stderr).toBe(0);
    expectUnusualEntries(course.app, "the restored app/");
  });

  it("course snapshots says what snapshots leave out", async () => {
    await runCourse(course.root, ["start", "0"]);
    await runCourse(course.root, ["reset"]);
    const list = await runCourse(course.root, ["snapshots"]);
    expect(list.stdout).toContain("Left out: node_modules/");
  });
});
