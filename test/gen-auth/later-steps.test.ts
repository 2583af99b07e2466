/**
 * The tests the generator wrote into app/ at step 01 keep passing in every
 * later step that changes the generated code (its overlay has auth/ or
 * accounts/ files): a learner who runs `npx vitest run --root app` at step 06
 * sees them pass, and a step that changes what the generated code does
 * changes the generated test with it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listSteps } from "../../scripts/course/steps.ts";
import { REPO_ROOT } from "../../scripts/harness/start-app.ts";
import { writeStepTree } from "../support/step-tree.ts";
import { runAppTests, testSummary } from "./support/apps.ts";

const GENERATED_FOLDERS = ["auth", "accounts"];
const changingGeneratedCode = listSteps(REPO_ROOT).filter(
  (step) => step.number > 1 && [step.starterDir, step.solutionDir].some((dir) => GENERATED_FOLDERS.some((folder) => existsSync(join(dir, folder)))),
);

describe("the generated tests in later steps", () => {
  it("are run for the steps that change the generated code", () => {
    expect(changingGeneratedCode.length, "some later steps change generated files (04–06 today)").toBeGreaterThan(0);
  });

  for (const step of changingGeneratedCode) {
    it(`pass in solution(${step.label})`, () => {
      const tree = writeStepTree(step.label, "solution", `generated-tests-${step.label}`);
      try {
        const run = runAppTests(tree.dir);
        expect(run.status, `${testSummary(run)}\n${run.stdout.slice(-3000)}`).toBe(0);
      } finally {
        tree.remove();
      }
    }, 300_000);
  }
});
