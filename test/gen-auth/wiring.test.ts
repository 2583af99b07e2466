/** The wiring as data: printed by the generator, applied by tests and by solution.ts. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { deriveNames } from "../../scripts/gen-auth/names.ts";
import { applyEdit, applyWiring, formatWiring, wiringFor, WiringError, type Edit } from "../../scripts/gen-auth/wiring.ts";
import { materialise, removeApp, tempAppDir } from "./support/apps.ts";

const edit = (where: Edit["where"], lines: string[]): Edit => ({
  file: "app.ts",
  why: "test",
  anchor: /^anchor\(\);$/,
  shows: "`anchor();`",
  where,
  lines,
});

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeApp));

describe("applyEdit", () => {
  const text = ["a();", "  // EXERCISE: do it", "  // HINT: like this", "  anchor();", "  // EXERCISE: after", "b();"].join("\n");

  it("inserts after the anchor, replacing the markers that stand there", () => {
    expect(applyEdit(text, edit("after", ["  new();"])).split("\n")).toEqual([
      "a();",
      "  // EXERCISE: do it",
      "  // HINT: like this",
      "  anchor();",
      "  new();",
      "b();",
    ]);
  });

  it("inserts before the anchor, replacing the markers above it", () => {
    expect(applyEdit(text, edit("before", ["  new();"])).split("\n")).toEqual(["a();", "  new();", "  anchor();", "  // EXERCISE: after", "b();"]);
  });

  it("replaces the anchor and the markers above it", () => {
    expect(applyEdit(text, edit("replace", ["  new();"])).split("\n")).toEqual(["a();", "  new();", "  // EXERCISE: after", "b();"]);
  });

  it("refuses when the anchor is missing or not unique, saying what to do", () => {
    expect(() => applyEdit("b();", edit("after", []))).toThrow(WiringError);
    expect(() => applyEdit("anchor();\nanchor();", edit("after", []))).toThrow(/found 2 — apply "test" by hand/);
  });
});

describe("applyWiring", () => {
  it("answers every EXERCISE marker of the step-01 starter's app.ts and layout.ts", () => {
    const dir = materialise("starter", "wiring");
    dirs.push(dir);
    applyWiring(dir, wiringFor(deriveNames("Accounts", "User", "users")));
    for (const file of ["app.ts", "layout.ts"]) expect(readFileSync(join(dir, file), "utf8")).not.toMatch(/EXERCISE|HINT/);
  });

  it("writes nothing when one anchor is missing (an app that has drifted from the base)", () => {
    const dir = tempAppDir("drifted");
    dirs.push(dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "app.ts"), 'import { x } from "#live";\n');
    writeFileSync(join(dir, "layout.ts"), 'import { y } from "#live";\n');
    expect(() => applyWiring(dir, wiringFor(deriveNames("Accounts", "User", "users")))).toThrow(WiringError);
    expect(readFileSync(join(dir, "app.ts"), "utf8")).toBe('import { x } from "#live";\n');
  });
});

describe("formatWiring", () => {
  it("prints each step with its place and its lines, for the names given", () => {
    const printed = formatWiring(wiringFor(deriveNames("Identity", "Member", "members")), "app");
    expect(printed).toContain("in app/app.ts, after `app.use(sessionMiddleware);`:");
    expect(printed).toContain("app.use(memberAuth.fetchCurrentMember);");
    expect(printed).toContain('app.get("/mission", memberAuth.requireAuthenticatedMember, mission);');
    expect(printed).toContain("in app/layout.ts, before `</nav>`:");
  });
});
