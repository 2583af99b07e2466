/**
 * The rules the generated code follows (STYLE.md): the domain imports no web
 * code, the web layer writes no SQL, files stay small, and the security
 * choices are explained where they are made.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { FEATURE_TEMPLATES_DIR, FEATURES } from "../../scripts/gen-auth/features.ts";
import { TEMPLATES_DIR } from "../../scripts/gen-auth/generate.ts";

const MAX_LINES_PER_FILE = 200;

// The base templates and each option's own files (feature-templates/<option>/), laid out alike.
const ROOTS = [TEMPLATES_DIR, ...Object.keys(FEATURES).map((feature) => join(FEATURE_TEMPLATES_DIR, feature))];

function sources(dir: string): { name: string; text: string }[] {
  return ROOTS.flatMap((root) =>
    readdirSync(join(root, dir))
      .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
      .map((name) => ({ name: `${relative(join(TEMPLATES_DIR, ".."), root)}/${dir}/${name}`, text: readFileSync(join(root, dir, name), "utf8") })),
  );
}

const domain = sources("__context_kebab__").filter((file) => !file.name.endsWith("-fixtures.ts"));
const web = sources("auth").filter((file) => !file.name.endsWith("test-support.ts"));

describe("the generated domain", () => {
  it("imports nothing from express, the live runtime or the web layer", () => {
    for (const { name, text } of domain) expect(text, name).not.toMatch(/from "(express|#live|\.\.\/auth\/[^"]*)"/);
  });
});

describe("the generated web layer", () => {
  it("writes no SQL", () => {
    for (const { name, text } of web) expect(text, name).not.toMatch(/\.prepare\(|\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\s/);
  });
});

describe("every template", () => {
  it(`stays under ${MAX_LINES_PER_FILE} lines`, () => {
    for (const { name, text } of [...domain, ...web]) expect(text.split("\n").length, name).toBeLessThan(MAX_LINES_PER_FILE);
  });

  it("explains its security choices where it makes them", () => {
    const text = (name: string) => readFileSync(join(TEMPLATES_DIR, name), "utf8");
    expect(text("__context_kebab__/__schema_kebab__-token.ts")).toMatch(/Why tokens live in the database/);
    expect(text("__context_kebab__/__schema_kebab__-token.ts")).toMatch(/Why hash/);
    expect(text("__context_kebab__/password.ts")).toMatch(/dummy hash|as much time as a wrong password/i);
    expect(text("auth/__schema_kebab__-auth.ts")).toMatch(/session fixation/);
    expect(text("auth/csrf-protection.ts")).toMatch(/constant time/);
  });
});
