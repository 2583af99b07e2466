import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createAppRunner, type AppRunner } from "../../site/app-runner.ts";
import { createQueryInspector, type QueryInspector } from "../../site/query-inspector.ts";
import { courseFixture, type CourseFixture } from "./course-fixture.ts";

// The fixture app prints a line and stays up, like a server would.
const fixtureApp = (greeting: string) => `console.log(${JSON.stringify(greeting)}, process.env.PORT);\nsetInterval(() => {}, 1000);\n`;
const UNUSED_PORT = 4999;
const WAIT_FOR_LINE_IN_MS = 15_000;

let course: CourseFixture;
let runner: AppRunner | null = null;
let lines: string[] = [];

function startRunner(inspector?: QueryInspector): Promise<void> {
  lines = [];
  runner = createAppRunner({ root: course.root, port: UNUSED_PORT, debounceMs: 50, output: (line) => lines.push(line), inspector });
  return runner.start();
}

async function waitForLine(wanted: string): Promise<void> {
  const deadline = Date.now() + WAIT_FOR_LINE_IN_MS;
  while (!lines.some((line) => line.includes(wanted))) {
    if (Date.now() > deadline) throw new Error(`no output line containing "${wanted}"; got:\n${lines.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

afterEach(async () => {
  await runner?.stop();
  runner = null;
  course.remove();
});

describe("the app runner", () => {
  it("runs app/main.ts with PORT set and prefixes its output with [app]", async () => {
    course = courseFixture();
    course.write("app/main.ts", fixtureApp("fixture app v1"));
    await startRunner();
    await waitForLine(`[app] fixture app v1 ${UNUSED_PORT}`);
    expect(runner!.status().state).toBe("running");
  });

  it("restarts the app when a file in app/ changes", async () => {
    course = courseFixture();
    course.write("app/main.ts", fixtureApp("fixture app v1"));
    await startRunner();
    await waitForLine("[app] fixture app v1");
    course.write("app/main.ts", fixtureApp("fixture app v2"));
    await waitForLine("[app] fixture app v2");
    expect(lines).toContain("[site] app/ changed — restarting your app");
  });

  it("follows app/ when `course start` swaps in a new directory by renaming", async () => {
    course = courseFixture();
    course.write("app/main.ts", fixtureApp("before the swap"));
    await startRunner();
    await waitForLine("[app] before the swap");
    course.write(".course/tmp/incoming/main.ts", fixtureApp("after the swap"));
    fs.renameSync(path.join(course.root, "app"), path.join(course.root, ".course/tmp/trash"));
    fs.renameSync(path.join(course.root, ".course/tmp/incoming"), path.join(course.root, "app"));
    await waitForLine("[app] after the swap");
    course.write("app/main.ts", fixtureApp("saved after the swap"));
    await waitForLine("[app] saved after the swap");
  });

  it("reports a crash with the error's first lines, then recovers on the next save", async () => {
    course = courseFixture();
    course.write("app/main.ts", "const broken = ;\n");
    await startRunner();
    await waitForLine("Your app stopped");
    const status = runner!.status();
    expect(status.state).toBe("crashed");
    const shown = status.state === "crashed" ? status.errorLines.join("\n") : "";
    expect(shown, "the error lines should name the broken file and line").toMatch(/main\.ts:1:\d+/);
    expect(shown, "stack frames should be left out of the summary").not.toMatch(/^\s+at /m);
    course.write("app/main.ts", fixtureApp("fixed"));
    await waitForLine("[app] fixed");
    expect(runner!.status().state).toBe("running");
  });

  it("says no step is started when app/ is missing, and starts the app once it appears", async () => {
    course = courseFixture();
    course.write("steps/00-welcome/main.ts", "");
    await startRunner();
    expect(runner!.status()).toEqual({ state: "absent", firstStep: "00" });
    expect(lines).toContain("[site] No step started yet — run `npx course start 00`");
    course.write("app/main.ts", fixtureApp("appeared"));
    await waitForLine("[app] appeared");
  });

  it("finds the syntax error's file, line and source line, as `course check` does", async () => {
    course = courseFixture();
    course.write("app/main.ts", "console.log('up');\nconst broken = ;\n");
    await startRunner();
    await waitForLine("Your app stopped");
    const deadline = Date.now() + WAIT_FOR_LINE_IN_MS;
    while (Date.now() < deadline) {
      const status = runner!.status();
      if (status.state === "crashed" && status.problems.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const status = runner!.status();
    expect(status.state === "crashed" ? status.problems : []).toEqual([
      expect.objectContaining({ kind: "compile", file: "app/main.ts", line: 2, column: 16, source: "const broken = ;" }),
    ]);
  });

  it("names the fix when another program holds the app's port", async () => {
    course = courseFixture();
    course.write("app/main.ts", fixtureApp("never runs"));
    const squatter = net.createServer().listen(UNUSED_PORT, "127.0.0.1");
    await new Promise((resolve) => squatter.once("listening", resolve));
    try {
      await startRunner();
      expect(runner!.status()).toEqual({ state: "port-busy", port: UNUSED_PORT });
      expect(lines.join("\n")).toContain(`Port ${UNUSED_PORT} is taken by another program`);
      expect(lines.join("\n"), "the fix should be a command to type").toContain(`PORT=${UNUSED_PORT + 1} npm start`);
    } finally {
      squatter.close();
    }
  });

  it("runs the app with LIVE_QUERY_LOG=json, feeds the inspector, and still prints readable query lines", async () => {
    course = courseFixture();
    const statement = { phase: "mount:dead", view: "mission", sql: "SELECT * FROM users WHERE id = ?", userQuery: true, at: 1 };
    course.write(
      "app/main.ts",
      [
        `console.log("log format:", process.env.LIVE_QUERY_LOG);`,
        `console.log(${JSON.stringify(JSON.stringify(statement))});`,
        "setInterval(() => {}, 1000);",
      ].join("\n"),
    );
    const inspector = createQueryInspector();
    await startRunner(inspector);
    await waitForLine("[app] log format: json");
    await waitForLine("SELECT * FROM users WHERE id = ?");
    expect(inspector.loads()[0]?.queries).toEqual([statement]);
    const printed = lines.find((line) => line.includes("SELECT * FROM users"))!;
    expect(printed, "the terminal should get the readable line, not the JSON").toMatch(/^\[app\] .*\[query\] mount:dead mission.*\[user\]/);
  });
});
