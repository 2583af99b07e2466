/**
 * A step's starter or solution written out as an app directory, for tests
 * that run a step's app: inside the repo (under .course/tmp/), so the app's
 * `#live` import resolves through package.json as it does from app/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildTree, type TreeKind } from "../../scripts/course/chain.ts";
import { listSteps, resolveStep } from "../../scripts/course/steps.ts";
import { writeTree } from "../../scripts/course/tree.ts";
import { REPO_ROOT } from "../../scripts/harness/start-app.ts";

/** Writes starter(step) or solution(step) into a fresh directory; "last" is the course's last step. */
export function writeStepTree(step: string | "last", kind: TreeKind, label: string): { dir: string; remove: () => void } {
  const steps = listSteps(REPO_ROOT);
  const chosen = step === "last" ? steps.at(-1)! : resolveStep(steps, step);
  mkdirSync(join(REPO_ROOT, ".course", "tmp"), { recursive: true });
  const dir = mkdtempSync(join(REPO_ROOT, ".course", "tmp", `${label}-`));
  writeTree(dir, buildTree(steps, chosen, kind));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
