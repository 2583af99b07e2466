// The honesty proof (DESIGN.md §2): on the real course, every checker fails on
// its step's starter — on behaviour, not on a compile or import error — and
// passes on its solution. Checks run exactly as `course check` runs them.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lintChain } from "../../scripts/course/chain.ts";
import type { CheckOutcome } from "../../scripts/course/check/outcome.ts";
import { runCheck } from "../../scripts/course/check/run.ts";
import { TOOL_ROOT, coursePaths } from "../../scripts/course/context.ts";
import { loadLesson } from "../../scripts/course/lessons.ts";
import { materialise } from "../../scripts/course/materialise.ts";
import { listSteps, type Step } from "../../scripts/course/steps.ts";
import { temporaryDir } from "../../scripts/course/transaction.ts";
import { removeDir } from "../../scripts/course/tree.ts";

// A checker starts the app, a socket and a database for each run.
const STEP_PROOF_TIMEOUT_MS = 240_000;

const paths = coursePaths(TOOL_ROOT);
const steps = listSteps(TOOL_ROOT);
const workDir = temporaryDir(paths, "honesty");
afterAll(() => removeDir(workDir));

describe("the course tree", () => {
  it("has steps to prove", () => {
    expect(
      steps.map((step) => step.id),
      "steps/ holds no NN-slug directories, so there is nothing to prove",
    ).not.toEqual([]);
  });

  it("has overlays without no-op files or deletions of missing files", () => {
    expect(lintChain(steps)).toEqual([]);
  });

  it("gives every step a lesson with a title and hints, and a checker", async () => {
    const problems: string[] = [];
    for (const step of steps) {
      problems.push(...(await loadLesson(step)).problems);
      if (!fs.existsSync(step.checkerFile)) problems.push(`${path.relative(TOOL_ROOT, step.checkerFile)} is missing`);
    }
    expect(problems).toEqual([]);
  });
});

for (const step of steps) {
  describe(`step ${step.id}`, () => {
    let starter: CheckOutcome;
    let solution: CheckOutcome;
    beforeAll(async () => {
      [starter, solution] = await Promise.all([checkTree(step, "starter"), checkTree(step, "solution")]);
    }, STEP_PROOF_TIMEOUT_MS);

    it("fails on its starter, on behaviour the learner can change", () => {
      expect(starter.problems, `starter(${step.label}) does not compile or load:\n${describe_(starter)}`).toEqual([]);
      expect(starter.status, `the checker should fail on starter(${step.label}):\n${describe_(starter)}`).toBe("fail");
      const failures = starter.checks.filter((check) => check.status === "fail").map((check) => check.failure!);
      expect(
        failures.filter((failure) => failure.kind === "compile"),
        "a compile error is not a behaviour failure",
      ).toEqual([]);
      const behaviour = starter.passed > 0 || failures.every((failure) => failure.kind === "assertion");
      expect(behaviour, `starter(${step.label}) fails with errors rather than assertions, and no check passes:\n${describe_(starter)}`).toBe(true);
    });

    it("passes every check on its solution", () => {
      expect(solution.status, `the checker should pass on solution(${step.label}):\n${describe_(solution)}`).toBe("pass");
      expect(solution.passed).toBe(solution.total);
    });
  });
}

async function checkTree(step: Step, kind: "starter" | "solution"): Promise<CheckOutcome> {
  const appDir = path.join(workDir, `${step.id}-${kind}`);
  materialise(paths, steps, step, kind, appDir);
  return runCheck(paths, step, { appDir, keepOutput: true });
}

/** The outcome in a few lines, for an assertion message. */
function describe_(outcome: CheckOutcome): string {
  const failing = outcome.checks
    .filter((check) => check.status === "fail")
    .map((check) => `  ✗ ${check.title}: [${check.failure!.kind}] ${check.failure!.message}`);
  const problems = outcome.problems.map((problem) => `  ${problem.kind}: ${problem.file ?? "?"}:${problem.line ?? "?"} ${problem.message}`);
  const output = outcome.status === "runner-error" ? [outcome.output ?? ""] : [];
  return [`${outcome.status}, ${outcome.passed}/${outcome.total} pass`, ...failing, ...problems, ...output].join("\n");
}
