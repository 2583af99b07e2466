/**
 * `npm run gen:auth -- Identity Member members` on starter(01), with the printed wiring
 * applied, gives an app that typechecks and passes every test the generator wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedApp, listFiles, removeApp, runAppTests, testSummary, typecheckApp } from "./support/apps.ts";

let app: ReturnType<typeof generatedApp>;
beforeAll(() => {
  app = generatedApp(["Identity", "Member", "members"], "identity");
});
afterAll(() => removeApp(app.dir));

describe("the app generated for Identity Member members", () => {
  it("is generated", () => {
    expect(app.generator.status, app.generator.stderr).toBe(0);
    expect(listFiles(app.dir).filter((path) => path.endsWith(".test.ts")).length).toBeGreaterThanOrEqual(10);
  });

  it("typechecks", () => {
    const run = typecheckApp(app.dir);
    expect(run.status, `tsc found errors:\n${run.stdout}${run.stderr}`).toBe(0);
  }, 120_000);

  it("passes its generated tests", () => {
    const run = runAppTests(app.dir);
    console.log(`Identity Member members: ${testSummary(run)} in ${run.ms} ms`);
    expect(run.status, `the generated tests failed (${testSummary(run)}):\n${run.stdout.slice(-6000)}${run.stderr.slice(-2000)}`).toBe(0);
  }, 300_000);
});
