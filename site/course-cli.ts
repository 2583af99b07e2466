// Runs a `course` verb for the site exactly as the learner would type it:
// the CLI itself, in a child process, pointed at the site's course root. The
// site has no second implementation of any verb that changes app/.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { TOOL_ROOT } from "../scripts/course/context.ts";

const COURSE_SCRIPT = path.join(TOOL_ROOT, "scripts", "course.ts");
// tsx's ESM entry registers its loader, like the `node --import=tsx` in scripts/course.ts's shebang.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export interface CourseRun {
  ok: boolean;
  /** What the verb printed, stdout and stderr in order, without colours. */
  output: string;
}

export function runCourseVerb(root: string, args: string[]): Promise<CourseRun> {
  const { FORCE_COLOR: _colour, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", TSX_LOADER, COURSE_SCRIPT, ...args], {
    cwd: root,
    env: { ...inherited, COURSE_ROOT: root, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => {
    child.on("error", (error) => resolve({ ok: false, output: error.message }));
    child.on("close", (code) => resolve({ ok: code === 0, output: Buffer.concat(chunks).toString("utf8").trimEnd() }));
  });
}
