import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CheckOutcome } from "../../scripts/course/check/outcome.ts";
import type { RunnerFile } from "../../scripts/course/check/runner-file.ts";
import { freePort } from "../../scripts/cluster/ports.ts";
import { FIXTURE_FILES, makeFixtureCourse, REPO_ROOT, runCourse, startScript, watchJson, type FixtureCourse } from "./fixture.ts";

let course: FixtureCourse;
beforeAll(async () => {
  course = makeFixtureCourse();
  await runCourse(course.root, ["start", "00"]);
});
afterAll(() => course.remove());
beforeEach(() => course.write("app/app.ts", FIXTURE_FILES["steps/00-count/app.ts"]!));

const runnerFile = () => path.join(course.root, ".course", "runner.json");

async function check(): Promise<CheckOutcome> {
  const run = await runCourse(course.root, ["check", "--json"]);
  return JSON.parse(run.stdout) as CheckOutcome;
}

/** Starts `course watch` and resolves once its warm runner is advertised and its first check printed. */
async function startWatch(): Promise<ChildProcess> {
  const { child, check } = watchJson(course.root);
  await check(1);
  for (let waited = 0; !fs.existsSync(runnerFile()); waited += 50) {
    if (waited > 20_000) throw new Error("course watch did not advertise a runner within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return child;
}

describe("course check beside a running course watch", () => {
  let watch: ChildProcess;
  beforeAll(async () => {
    watch = await startWatch();
  });
  afterAll(() => void watch.kill("SIGTERM"));

  it("answers through the watch's warm runner", async () => {
    expect(await check()).toMatchObject({ runner: "warm", status: "fail", passed: 1, total: 2 });
  });

  it("sees the app as saved since the last run, not a cached copy", async () => {
    expect((await check()).passed).toBe(1);
    course.write("app/app.ts", FIXTURE_FILES["solutions/00-count/app.ts"]!);
    expect(await check()).toMatchObject({ runner: "warm", status: "pass", passed: 2 });
  });

  it("reports a type error saved just before the check", async () => {
    course.write("app/app.ts", `${FIXTURE_FILES["solutions/00-count/app.ts"]}export const wrong: number = "one";\n`);
    const outcome = await check();
    expect(outcome).toMatchObject({ runner: "warm", status: "fail", passed: 2 });
    expect(outcome.problems).toMatchObject([{ kind: "type", file: path.join("app", "app.ts"), line: 6 }]);
  });

  it("listens on loopback and refuses a request without the token", async () => {
    const runner = JSON.parse(fs.readFileSync(runnerFile(), "utf8")) as RunnerFile;
    const reply = await fetch(`http://127.0.0.1:${runner.port}/check`, { method: "POST", body: JSON.stringify({ step: "00" }) });
    expect(reply.status).toBe(403);
  });
});

describe("course check and course watch beside a running course site", () => {
  let site: ChildProcess;
  beforeAll(async () => {
    const env = { PORT_SITE: String(await freePort()), PORT: String(await freePort()) };
    site = startScript(course.root, path.join(REPO_ROOT, "site", "main.ts"), [], env);
    for (let waited = 0; !advertisedBy(site.pid!); waited += 50) {
      if (waited > 20_000) throw new Error("the course site did not advertise a runner within 20 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(() => stopSite());

  async function stopSite() {
    if (site.exitCode !== null || site.signalCode !== null) return;
    const exited = new Promise((resolve) => site.once("exit", resolve));
    site.kill("SIGTERM");
    await exited;
  }

  const advertisedBy = (pid: number) => fs.existsSync(runnerFile()) && (JSON.parse(fs.readFileSync(runnerFile(), "utf8")) as RunnerFile).pid === pid;

  it("course check answers through the site's warm runner", async () => {
    expect(await check()).toMatchObject({ runner: "warm", status: "fail", passed: 1, total: 2 });
  });

  it("course watch checks through the same runner, and keeps its own once the site stops", async () => {
    const watch = watchJson(course.root);
    try {
      expect(await watch.check(1)).toMatchObject({ runner: "warm", passed: 1 });
      expect(advertisedBy(site.pid!), "the site's runner should still be the one advertised").toBe(true);

      await stopSite();
      expect(fs.existsSync(runnerFile()), "the site takes its advertisement down when it stops").toBe(false);
      course.write("app/app.ts", FIXTURE_FILES["solutions/00-count/app.ts"]!);
      expect(await watch.check(2)).toMatchObject({ runner: "warm", status: "pass" });
      expect(advertisedBy(watch.child.pid!), "the watch advertises the runner it started in the site's place").toBe(true);
    } finally {
      watch.child.kill("SIGTERM");
    }
  });
});

describe("a stale runner file", () => {
  it("is ignored when its pid is dead, and removed", async () => {
    const dead = spawn(process.execPath, ["-e", "0"]);
    await new Promise((resolve) => dead.on("exit", resolve));
    const stale: RunnerFile = { pid: dead.pid!, port: 9, token: "0".repeat(64), appDir: course.app };
    course.write(".course/runner.json", JSON.stringify(stale));
    expect(await check()).toMatchObject({ runner: "cold", status: "fail", passed: 1 });
    expect(fs.existsSync(runnerFile()), "a stale runner.json should be removed").toBe(false);
  });

  it("falls back to a fresh runner when the advertised one does not answer", async () => {
    const stale: RunnerFile = { pid: process.pid, port: 9, token: "0".repeat(64), appDir: course.app };
    course.write(".course/runner.json", JSON.stringify(stale));
    try {
      expect(await check()).toMatchObject({ runner: "cold", passed: 1 });
    } finally {
      fs.rmSync(runnerFile(), { force: true });
    }
  });
});
