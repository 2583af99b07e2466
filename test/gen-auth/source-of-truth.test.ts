/**
 * solutions/01-generated-auth is not written by hand: it is exactly what the
 * generator writes into starter(01) for `Accounts User users`, plus the wiring
 * it prints, applied to app.ts and layout.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ARGS, deriveNames } from "../../scripts/gen-auth/names.ts";
import { expectedSolutionOverlay, listFiles, SOLUTION_DIR, step01Files } from "../../scripts/gen-auth/solution.ts";
import { applyWiring, wiringFor } from "../../scripts/gen-auth/wiring.ts";
import { materialise, REPO_ROOT, removeApp, reportedFiles, runGenerator } from "./support/apps.ts";

const WIRED_FILES = ["app.ts", "layout.ts"];
const REBUILD = "run `npx tsx scripts/gen-auth/solution.ts --write` after changing a template";

let starterDir: string;
let created: string[];

beforeAll(() => {
  starterDir = materialise("starter", "truth");
  const run = runGenerator([...DEFAULT_ARGS, "--into", starterDir]);
  expect(run.status, `the generator failed on starter(01):\n${run.stderr}`).toBe(0);
  created = reportedFiles(run, starterDir);
});
afterAll(() => removeApp(starterDir));

const overlay = () => listFiles(join(REPO_ROOT, SOLUTION_DIR));
const solutionFile = (path: string) => readFileSync(join(REPO_ROOT, SOLUTION_DIR, path));

describe("solutions/01-generated-auth", () => {
  it("holds every file the generator writes into starter(01), byte for byte", () => {
    expect(created.length, "the generator should report the files it created").toBeGreaterThan(30);
    for (const path of created) {
      expect(
        readFileSync(join(starterDir, path)).equals(solutionFile(path)),
        `${SOLUTION_DIR}/${path} differs from the generator's output — ${REBUILD}`,
      ).toBe(true);
    }
  });

  it("holds nothing else but the wired app.ts and layout.ts", () => {
    expect(
      overlay()
        .filter((path) => !created.includes(path))
        .sort(),
    ).toEqual(WIRED_FILES);
  });

  it("has app.ts and layout.ts exactly as the printed wiring makes them", () => {
    applyWiring(starterDir, wiringFor(deriveNames(...DEFAULT_ARGS)));
    for (const path of WIRED_FILES) {
      expect(readFileSync(join(starterDir, path)).equals(solutionFile(path)), `${SOLUTION_DIR}/${path} is not the wired starter — ${REBUILD}`).toBe(
        true,
      );
    }
    expect(readFileSync(join(starterDir, "app.ts"), "utf8"), "the wiring answers every marker in app.ts").not.toMatch(/EXERCISE|HINT/);
  });

  it("matches what solution.ts builds from the templates", () => {
    const expected = expectedSolutionOverlay();
    expect(overlay()).toEqual([...expected.keys()].sort());
    for (const [path, text] of expected) expect(solutionFile(path).toString("utf8"), path).toBe(text);
  });

  it("contains no file identical to the one it overlays", () => {
    const starter = step01Files("starter");
    for (const path of overlay()) expect(starter.get(path), `${path} is a no-op in the overlay`).not.toBe(solutionFile(path).toString("utf8"));
  });
});
