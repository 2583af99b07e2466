// `course check` without the printing: compile the app directory, run the
// step's checker against it, and sum up. The honesty proof calls this too, so
// the project tests exactly what the learner runs.
import fs from "node:fs";
import path from "node:path";
import type { CoursePaths } from "../context.ts";
import { CourseError, CourseTreeError } from "../errors.ts";
import type { Step } from "../steps.ts";
import { hashTree, isNoise, readTree } from "../tree.ts";
import type { CheckItem, CheckOutcome, CheckStatus, CodeProblem } from "./outcome.ts";
import { checksFrom, fileProblemsFrom } from "./parse.ts";
import { findSyntaxProblems } from "./syntax.ts";
import { findTypeErrors } from "./types.ts";
import { runVitest, type VitestRun } from "./vitest.ts";

export interface CheckOptions {
  /** Defaults to the learner's app/. */
  appDir?: string;
  /** Keep the runner's raw output in the outcome. */
  keepOutput?: boolean;
  /** Runs the checker: a warm runner (warm.ts) when one is up, else a fresh vitest process. */
  runChecker?: (checkerFile: string, appDir: string) => Promise<VitestRun>;
  /** Finds the type errors: a watching compiler (warm-types.ts) when one is up, else a fresh tsc. */
  findTypeErrors?: (appDir: string) => Promise<CodeProblem[]>;
}

export async function runCheck(paths: CoursePaths, step: Step, options: CheckOptions = {}): Promise<CheckOutcome> {
  const appDir = options.appDir ?? paths.app;
  if (!fs.existsSync(appDir)) throw new CourseError("There is no app/ yet", `course start ${step.label}`);
  if (!fs.existsSync(step.checkerFile)) throw new CourseTreeError(`Step ${step.id} has no checker (${path.relative(paths.root, step.checkerFile)})`);
  const startedAt = Date.now();
  const runChecker = options.runChecker ?? ((checkerFile: string, dir: string) => runVitest(paths, checkerFile, dir));
  const hash = hashTree(readTree(appDir, isNoise));
  const base = { step: step.id, appDir, lesson: path.relative(paths.root, step.lessonFile), hash };

  const syntaxProblems = await findSyntaxProblems(appDir, paths.root);
  if (syntaxProblems.length > 0) {
    return {
      ...base,
      status: "compile-error",
      passed: 0,
      total: 0,
      checks: [],
      problems: syntaxProblems,
      durationMs: Date.now() - startedAt,
      notes: "",
      output: null,
      runner: null,
    };
  }

  // Side by side: tsc is a native process of its own, so it overlaps the checker instead of adding to it.
  const typeCheck = options.findTypeErrors ?? ((dir: string) => findTypeErrors(paths, dir));
  const [run, typeErrors] = await Promise.all([runChecker(step.checkerFile, appDir), typeCheck(appDir)]);
  const checks = run.report ? checksFrom(run.report, appDir, paths.root) : [];
  // What stopped the checker loading comes first: it is why no checks ran.
  const problems = [...(run.report ? fileProblemsFrom(run.report, paths.root) : []), ...typeErrors];
  const status = run.timedOut ? "timeout" : statusOf(checks, problems, run.report !== null);
  const keepOutput = options.keepOutput || status === "runner-error";
  return {
    ...base,
    status,
    passed: checks.filter((check) => check.status === "pass").length,
    total: checks.length,
    checks,
    problems,
    durationMs: Date.now() - startedAt,
    notes: run.notes,
    runner: run.runner,
    output: keepOutput ? run.output : null,
  };
}

function statusOf(checks: CheckItem[], problems: CodeProblem[], reported: boolean): CheckStatus {
  if (!reported) return "runner-error";
  if (problems.some((problem) => problem.kind === "compile")) return "compile-error";
  if (checks.length === 0) return problems.length > 0 ? "load-error" : "runner-error";
  const allPass = checks.every((check) => check.status === "pass");
  return allPass && problems.length === 0 ? "pass" : "fail";
}
