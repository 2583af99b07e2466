/**
 * scripts/typecheck-steps.ts: every step's starter and solution typecheck as
 * materialised, and a type error is reported with its step, tree and
 * file:line, and the overlay that holds the file.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSteps } from "../../scripts/course/steps.ts";
import { removeDir } from "../../scripts/course/tree.ts";
import { formatError, REPO_ROOT, typecheckSteps, type TypecheckResult } from "../../scripts/typecheck-steps.ts";

const TMP = path.join(REPO_ROOT, ".course", "tmp");

describe("npm test", () => {
  it("typechecks the project and every step tree before running the tests", () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    expect(scripts.pretest, "pretest should run npm run typecheck").toMatch(/&& npm run typecheck\b/);
    for (const part of ["tsc -p tsconfig.json", "tsc -p tsconfig.client.json", "tsx scripts/typecheck-steps.ts"]) {
      expect(scripts.typecheck, `typecheck should run ${part}`).toContain(part);
    }
  });
});

describe("the course's steps", () => {
  it("typecheck, every starter and every solution", async () => {
    const steps = listSteps(REPO_ROOT);
    fs.mkdirSync(TMP, { recursive: true });
    const workDir = fs.mkdtempSync(path.join(TMP, "typecheck-course-"));
    try {
      const result = await typecheckSteps(steps, workDir);
      console.log(`typecheck: ${result.trees} step trees in ${result.ms} ms`);
      expect(result.trees, "a starter and a solution per step").toBe(steps.length * 2);
      expect(result.errors.map(formatError).join("\n") + result.otherOutput, "run npx tsx scripts/typecheck-steps.ts").toBe("");
    } finally {
      removeDir(workDir);
    }
  });
});

// A small course inside the repo (so #live resolves): step 01's starter has a type
// error on line 3; solution(00) declares a global that starter(00) uses without it.
const FIXTURE: Record<string, string> = {
  "steps/00-base/app.ts": `import { html } from "#live";\n\nexport const page = html\`<p>\${globalThis.fixtureAgent}</p>\`;\n`,
  "solutions/00-base/agent.ts": `declare global {\n  var fixtureAgent: string;\n}\nexport {};\n`,
  "steps/01-broken/views/broken.ts": `// EXERCISE: count the agents.\nexport function agents(): number {\n  return "none";\n}\n`,
  "solutions/01-broken/views/broken.ts": `// Counted.\nexport function agents(): number {\n  return 0;\n}\n`,
};

describe("a type error in a step tree", () => {
  let root: string;
  let result: TypecheckResult;
  beforeAll(async () => {
    fs.mkdirSync(TMP, { recursive: true });
    root = fs.mkdtempSync(path.join(TMP, "typecheck-fixture-"));
    for (const [file, text] of Object.entries(FIXTURE)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    result = await typecheckSteps(listSteps(root), path.join(root, "work"));
  });
  afterAll(() => removeDir(root));

  it("is reported with its step, tree, file:line and the overlay that holds the file", () => {
    const broken = result.errors.find((error) => error.file === "views/broken.ts");
    expect(broken, `no error reported for views/broken.ts; got:\n${result.errors.map(formatError).join("\n")}`).toMatchObject({
      step: "01-broken",
      kind: "starter",
      line: 3,
      from: "steps/01-broken/views/broken.ts",
    });
    expect(broken!.message).toMatch(/^TS2322: Type 'string' is not assignable to type 'number'/);
    expect(formatError(broken!)).toContain("01-broken starter: views/broken.ts:3:3 (from steps/01-broken/views/broken.ts)");
  });

  it("checks each tree on its own: a global declared in a solution does not type its starter", () => {
    const leaked = result.errors.filter((error) => error.file === "app.ts").map((error) => `${error.step} ${error.kind}`);
    expect(leaked, "only starter(00) lacks solutions/00-base/agent.ts").toEqual(["00-base starter"]);
  });

  it("reports nothing for the trees without errors, so #live resolves from them", () => {
    expect(result.trees).toBe(4);
    expect(result.errors.map((error) => `${error.step} ${error.kind}`).sort()).toEqual(["00-base starter", "01-broken starter"]);
    expect(result.otherOutput).toBe("");
  });
});
