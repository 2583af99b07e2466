import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { migrate, openDatabase } from "../database.ts";
import { createAccounts } from "./accounts.ts";
import { capturingNotifier, accountsFixture, userFixture } from "./accounts-fixtures.ts";
import { createPasswords, DEFAULT_BCRYPT_COST } from "./password.ts";

describe("configuration", () => {
  it("uses bcrypt cost 12 unless told otherwise", () => {
    expect(DEFAULT_BCRYPT_COST).toBeGreaterThanOrEqual(12);
  });

  it("refuses to start in production with a test-only bcrypt cost", () => {
    const db = openDatabase(":memory:");
    migrate(db);
    const start = () => createAccounts(db, { notifier: capturingNotifier([]), bcryptCost: 4, production: true });
    expect(start).toThrow(/production needs at least 12/);
    db.close();
  });

  it("hashes without blocking the event loop (the async bcrypt API)", async () => {
    const passwords = createPasswords(10);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await passwords.hash("a password of some length");
    clearInterval(timer);
    expect(ticks, "timers should keep firing while bcrypt works on the thread pool").toBeGreaterThan(0);
  });
});

describe("looking users up", () => {
  it("finds a user by email, whatever its case, and nobody for an unknown one", async () => {
    const fixture = accountsFixture();
    const user = await userFixture(fixture.accounts);
    expect(fixture.accounts.getUserByEmail(user.email.toUpperCase())).toEqual(user);
    expect(fixture.accounts.getUserByEmail("nobody@example.com")).toBeNull();
    fixture.close();
  });

  it("finds a user by id, and nobody for an unknown one", async () => {
    const fixture = accountsFixture();
    const user = await userFixture(fixture.accounts);
    expect(fixture.accounts.getUser(user.id)).toEqual(user);
    expect(fixture.accounts.getUser(user.id + 1)).toBeNull();
    fixture.close();
  });
});

describe("the SQL", () => {
  it("binds every value as a parameter: no statement is built from a template literal", () => {
    const dir = import.meta.dirname;
    for (const file of readdirSync(dir).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))) {
      const source = readFileSync(join(dir, file), "utf8");
      const spliced = source.match(/\.(?:prepare|exec)\(\s*`[^`]*\$\{/);
      expect(spliced, `${file} builds SQL with \${…}: bind the value as a parameter instead`).toBeNull();
    }
  });

  it("treats a malicious email as a plain value", async () => {
    const fixture = accountsFixture();
    const email = "x'OR'1'='1'--@example.com";
    const user = await userFixture(fixture.accounts, { email });
    expect(fixture.accounts.getUserByEmail(email)).toEqual(user);
    expect(fixture.accounts.getUserByEmail("' OR 1=1 --")).toBeNull();
    fixture.close();
  });
});
