// A small course for testing the `course` CLI: two steps whose checkers run
// in about a second, in a temp directory of its own so the real app/ and
// .course/ are never touched. node_modules is linked from this repository.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { CheckOutcome } from "../../scripts/course/check/outcome.ts";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const COURSE_SCRIPT = path.join(REPO_ROOT, "scripts", "course.ts");
// tsx's ESM entry registers its loader, like `node --import tsx`.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

const CHECKER = (section: string, body: string) => `import path from "node:path";
import { describe, expect, it } from "vitest";

const app = await import(path.join(process.env.COURSE_APP_DIR!, "app.ts"));

describe("§ ${section}", () => {
${body}
});
`;

export const FIXTURE_FILES: Record<string, string> = {
  "package.json": `{ "type": "module", "private": true }\n`,
  "steps/00-count/app.ts": `// EXERCISE: make add() return the sum of its arguments.\nexport function add(a: number, b: number): number {\n  return a - b;\n}\n\nexport const greeting = "hello";\n`,
  "steps/00-count/main.ts": `import { add } from "./app.ts";\n\nconsole.log(add(1, 2));\n`,
  "steps/00-count/notes.md": "Notes for step 00.\n",
  "solutions/00-count/app.ts": `export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport const greeting = "hello";\n`,
  "steps/01-double/.course-deletions": "# the notes were only for step 00\nnotes.md\n",
  "steps/01-double/app.ts": `export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport const greeting = "hello";\n\n// EXERCISE: return twice n, using add().\nexport function double(n: number): number {\n  return n;\n}\n`,
  "solutions/01-double/app.ts": `export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport const greeting = "hello";\n\nexport function double(n: number): number {\n  return add(n, n);\n}\n`,
  "lessons/00-count.mdx": `---\ntitle: Counting\n---\nimport { Quiz } from "./components/Quiz.tsx";\n\n# Counting\n\nSome **prose** with \`code\`.\n\n## Adding\n\n\`\`\`ts\nexport function add(a: number, b: number) {\n  return a + b;\n}\n\`\`\`\n\n<Quiz id="add" />\n\n<Callout type="warning">\nNumbers can be *negative*.\n</Callout>\n\n## Hints\n\n<Hints>\n<Hint>\nLook at the operator in add().\n</Hint>\n<Hint>It should be a plus.</Hint>\n</Hints>\n`,
  "lessons/01-double.mdx": `---\ntitle: Doubling\n---\n\n# Doubling\n\n## Twice\n\nCall add with n twice.\n\n<Hints>\n<Hint>Use add().</Hint>\n</Hints>\n`,
  "test/steps/00-count.test.ts": CHECKER(
    "Adding",
    `  it("greets", () => {\n    expect(app.greeting, "export greeting = \\"hello\\"").toBe("hello");\n  });\n  it("adds two numbers", () => {\n    expect(app.add(1, 2), "make add() return the sum of a and b").toBe(3);\n  });\n`,
  ),
  "test/steps/01-double.test.ts": CHECKER(
    "Twice",
    `  it("still adds", () => {\n    expect(app.add(2, 2), "keep add() working").toBe(4);\n  });\n  it("doubles", () => {\n    expect(app.double(4), "make double(n) return n + n").toBe(8);\n  });\n`,
  ),
};

export interface FixtureCourse {
  root: string;
  app: string;
  write(relative: string, content: string): void;
  read(relative: string): string;
  remove(): void;
}

export function makeFixtureCourse(files: Record<string, string> = FIXTURE_FILES): FixtureCourse {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "course-fixture-"));
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
  for (const config of ["vitest.steps.config.ts", "tsconfig.json"]) fs.copyFileSync(path.join(REPO_ROOT, config), path.join(root, config));
  const write = (relative: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  };
  for (const [relative, content] of Object.entries(files)) write(relative, content);
  return {
    root,
    app: path.join(root, "app"),
    write,
    read: (relative) => fs.readFileSync(path.join(root, relative), "utf8"),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

export interface CourseRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (one node process, so a kill reaches the command itself). */
export function runCourse(root: string, args: string[], env: Record<string, string> = {}): Promise<CourseRun> {
  return finished(startCourse(root, args, env));
}

export function finished(child: ReturnType<typeof startScript>): Promise<CourseRun> {
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export function startCourse(root: string, args: string[], env: Record<string, string> = {}) {
  return startScript(root, COURSE_SCRIPT, args, env);
}

/**
 * `course watch --json` in root, reading its lines as they arrive: `line(n)` is
 * the n-th line (the first says the watch mode), `check(n)` the n-th check it printed.
 */
export function watchJson(root: string, args: string[] = [], env: Record<string, string> = {}, withinMs = 20_000) {
  const child = startCourse(root, ["watch", "--json", ...args], env);
  const lines: Record<string, unknown>[] = [];
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    const complete = (buffered + chunk).split("\n");
    buffered = complete.pop()!;
    for (const line of complete.filter(Boolean)) lines.push(JSON.parse(line));
  });
  const checks = () => lines.filter((line) => "step" in line) as unknown as CheckOutcome[];
  const waitFor = async <T>(found: () => T | undefined, what: string): Promise<T> => {
    for (let waited = 0; ; waited += 50) {
      const value = found();
      if (value !== undefined) return value;
      if (waited > withinMs) throw new Error(`course watch printed ${JSON.stringify(lines)}, waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return {
    child,
    line: (count: number, what = `line ${count}`) => waitFor(() => lines[count - 1], what),
    check: (count: number) => waitFor(() => checks()[count - 1], `check ${count}`),
  };
}

/** Runs one of this repository's scripts (`scripts/app.ts`, …) against the fixture course. */
export function startScript(root: string, script: string, args: string[] = [], env: Record<string, string> = {}) {
  const { FORCE_COLOR: _unused, ...inherited } = process.env;
  return spawn(process.execPath, ["--import", TSX_LOADER, script, ...args], {
    cwd: root,
    env: { ...inherited, COURSE_ROOT: root, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Every file under dir as relative path → content (node_modules left out). */
export function filesIn(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, full).split(path.sep).join("/");
    if (!relative.split("/").includes("node_modules")) files[relative] = fs.readFileSync(full, "utf8");
  }
  return files;
}
