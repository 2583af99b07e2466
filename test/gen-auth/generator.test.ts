/** The generator's command line: names, refusing to overwrite, --force, and the printed wiring. */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { deriveNames, NameError } from "../../scripts/gen-auth/names.ts";
import { render, selectBlocks } from "../../scripts/gen-auth/render.ts";
import { listFiles, materialise, removeApp, reportedFiles, runGenerator, tempAppDir } from "./support/apps.ts";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeApp));

function starter(): string {
  const dir = materialise("starter", "cli");
  dirs.push(dir);
  return dir;
}

/** Every file's content and modification time, to prove a run changed nothing. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((path) => [path, `${statSync(join(dir, path)).mtimeMs}:${readFileSync(join(dir, path), "utf8")}`]));
}

describe("deriveNames", () => {
  it("derives every name from Accounts User users", () => {
    expect(deriveNames("Accounts", "User", "users").tokens).toMatchObject({
      __context_kebab__: "accounts",
      __Schema__: "User",
      __schema__: "user",
      __table__: "users",
      __table_kebab__: "users",
    });
  });

  it("derives camelCase, kebab-case and snake_case from multi-word names", () => {
    expect(deriveNames("UserAccounts", "AdminUser", "admin_users").tokens).toMatchObject({
      __context__: "userAccounts",
      __context_kebab__: "user-accounts",
      __schema__: "adminUser",
      __schema_kebab__: "admin-user",
      __schema_snake__: "admin_user",
      __schema_human__: "admin user",
      __table_kebab__: "admin-users",
    });
  });

  it("refuses names it cannot use, saying why", () => {
    expect(() => deriveNames("accounts", "User", "users")).toThrow(NameError);
    expect(() => deriveNames("Accounts", "user", "users")).toThrow(/PascalCase/);
    expect(() => deriveNames("Accounts", "User", "Users")).toThrow(/snake_case/);
    expect(() => deriveNames("User", "User", "users")).toThrow(/different names/);
    expect(() => deriveNames("Auth", "User", "users")).toThrow(/already uses/);
  });
});

describe("render", () => {
  it("fails on a token it does not know, instead of writing it out", () => {
    expect(() => render("const __Scheme__ = 1;", deriveNames("Accounts", "User", "users"), "x.ts")).toThrow(/unknown template token __Scheme__/);
  });
});

describe("option blocks", () => {
  const template = [
    "a",
    "// with --sudo",
    "b",
    "// without --sudo",
    "c",
    "// end --sudo",
    "-- with --magic-link",
    "d",
    "-- end --magic-link",
    "",
  ].join("\n");

  it("keeps only the blocks for the chosen options, and never the marker lines", () => {
    expect(selectBlocks(template, new Set(), "t")).toBe("a\nc\n");
    expect(selectBlocks(template, new Set(["sudo"]), "t")).toBe("a\nb\n");
    expect(selectBlocks(template, new Set(["sudo", "magic-link"]), "t")).toBe("a\nb\nd\n");
  });

  it("refuses an unknown option, a block left open, and one block inside another", () => {
    expect(() => selectBlocks("// with --sudoo\n// end --sudoo", new Set(), "t.ts")).toThrow(/t.ts:1: a block for an unknown option --sudoo/);
    expect(() => selectBlocks("// with --sudo\nx", new Set(), "t.ts")).toThrow(/never closed/);
    expect(() => selectBlocks("// with --sudo\n// with --magic-link\n", new Set(), "t.ts")).toThrow(/inside a --sudo block/);
  });
});

describe("npm run gen:auth", () => {
  it("writes the migration, the context, the web layer and the tests, then prints the wiring", () => {
    const dir = starter();
    const run = runGenerator(["--into", dir]);
    expect(run.status, run.stderr).toBe(0);
    expect(reportedFiles(run, dir)).toEqual(
      expect.arrayContaining(["migrations/0002_create_users_auth_tables.sql", "accounts/accounts.ts", "auth/user-auth.ts", "auth/user-routes.ts"]),
    );
    expect(reportedFiles(run, dir).filter((path) => path.endsWith(".test.ts")).length).toBeGreaterThanOrEqual(10);
    expect(run.stdout).toContain('import { createAccounts } from "./accounts/accounts.ts";');
    expect(run.stdout).toContain("app.use(userAuth.fetchCurrentUser);");
    expect(run.stdout).toContain('app.get("/mission", userAuth.requireAuthenticatedUser, mission);');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the printed wiring line, as text
    expect(run.stdout).toContain("${userNav(req, res)}");
    expect(readFileSync(join(dir, "app.ts"), "utf8"), "the generator never edits app.ts").toContain("// EXERCISE:");
  });

  it("adds the files of --magic-link, --sudo and --devices only when asked", () => {
    const plain = starter();
    const optioned = starter();
    const featureFiles = ["accounts/magic-link.ts", "auth/user-magic-link-routes.ts", "auth/user-sudo-mode.ts", "accounts/devices.ts"];
    const plainFiles = reportedFiles(runGenerator(["--into", plain]), plain);
    for (const file of featureFiles) expect(plainFiles, `${file} is an option's file`).not.toContain(file);
    const run = runGenerator(["--magic-link", "--sudo", "--devices", "--into", optioned]);
    expect(run.status, run.stderr).toBe(0);
    expect(reportedFiles(run, optioned)).toEqual(expect.arrayContaining(featureFiles));
    expect(readFileSync(join(optioned, "auth/user-settings-routes.ts"), "utf8")).toContain("requireSudoMode");
    expect(readFileSync(join(optioned, "auth/user-settings-routes.ts"), "utf8"), "no marker line is written").not.toMatch(
      /\/\/ (with|without|end) --/,
    );
  });

  it("--passwordless brings the options it needs, --magic-link and --sudo", () => {
    const dir = starter();
    const run = runGenerator(["--passwordless", "--into", dir]);
    expect(run.status, run.stderr).toBe(0);
    expect(reportedFiles(run, dir)).toEqual(
      expect.arrayContaining(["accounts/magic-link.ts", "auth/user-sudo-mode.ts", "auth/user-passwordless-routes.test.ts"]),
    );
    expect(readFileSync(join(dir, "auth/user-registration-pages.ts"), "utf8"), "the form asks for an email only").not.toContain('name: "password"');
  });

  it("--assign-key renames the current user's res.locals key, and refuses a key that is not camelCase or is --scope's own", () => {
    const dir = starter();
    const run = runGenerator(["--scope", "--assign-key", "viewer", "--into", dir]);
    expect(run.status, run.stderr).toBe(0);
    const auth = readFileSync(join(dir, "auth/user-auth.ts"), "utf8");
    expect(auth).toContain("res.locals.viewer = token ?");
    expect(auth).toContain("assignCurrentScope(res);");
    expect(readFileSync(join(dir, "auth/user-scope.ts"), "utf8")).toContain("res.locals.currentScope = scopeForUser(res.locals.viewer);");
    expect(auth, "the default key is gone").not.toContain("res.locals.currentUser");
    expect(run.stdout, "the learner is told which of their pages to change").toContain("read res.locals.viewer instead");
    expect(runGenerator(["--assign-key", "current-user", "--into", starter()]).stderr).toContain("must be camelCase");
    expect(runGenerator(["--scope", "--assign-key", "currentScope", "--into", starter()]).stderr).toContain("choose another --assign-key");
  });

  it("refuses to run over existing files, names them, and changes nothing", () => {
    const dir = starter();
    expect(runGenerator(["--into", dir]).status).toBe(0);
    writeFileSync(join(dir, "accounts/accounts.ts"), "// my own changes\n");
    const before = snapshot(dir);
    const again = runGenerator(["--into", dir]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("already exist");
    expect(again.stderr).toContain("accounts/accounts.ts");
    expect(again.stderr).toContain("--force");
    expect(snapshot(dir)).toEqual(before);
  });

  it("writes nothing at all when only one of its files exists", () => {
    const dir = starter();
    writeFileSync(join(dir, "migrations/0002_create_users_auth_tables.sql"), "-- mine\n");
    const before = listFiles(dir);
    expect(runGenerator(["--into", dir]).status).toBe(1);
    expect(listFiles(dir)).toEqual(before);
  });

  it("overwrites with --force, and says which files it overwrote", () => {
    const dir = starter();
    runGenerator(["--into", dir]);
    const original = readFileSync(join(dir, "accounts/accounts.ts"), "utf8");
    writeFileSync(join(dir, "accounts/accounts.ts"), "// my own changes\n");
    const forced = runGenerator(["Accounts", "User", "users", "--into", dir, "--force"]);
    expect(forced.status, forced.stderr).toBe(0);
    expect(reportedFiles(forced, dir, "overwriting")).toContain("accounts/accounts.ts");
    expect(readFileSync(join(dir, "accounts/accounts.ts"), "utf8")).toBe(original);
  });

  it("refuses bad names and a directory without an app", () => {
    const dir = starter();
    expect(runGenerator(["accounts", "User", "users", "--into", dir]).stderr).toMatch(/PascalCase/);
    const empty = tempAppDir("empty");
    dirs.push(empty);
    const run = runGenerator(["--into", empty]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("no app.ts");
    expect(listFiles(empty)).toEqual([]);
  });
});
