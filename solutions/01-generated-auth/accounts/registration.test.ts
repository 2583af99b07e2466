import bcrypt from "bcrypt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { accountsFixture, userFixture, uniqueUserEmail, VALID_PASSWORD } from "./accounts-fixtures.ts";

let fixture: ReturnType<typeof accountsFixture>;
beforeEach(() => {
  fixture = accountsFixture();
});
afterEach(() => fixture.close());

describe("registerUser", () => {
  it("registers a user with a bcrypt hash of the password, at the configured cost", async () => {
    const email = uniqueUserEmail();
    const result = await fixture.accounts.registerUser({ email, password: VALID_PASSWORD });
    expect(result.ok, "a valid email and password should register").toBe(true);
    const row = fixture.db.prepare("SELECT hashed_password FROM users WHERE email = ?").get(email) as { hashed_password: string };
    expect(row.hashed_password, "the password must never be stored as given").not.toContain(VALID_PASSWORD);
    expect(bcrypt.getRounds(row.hashed_password), "the hash should use the bcryptCost option").toBe(4);
    expect(await bcrypt.compare(VALID_PASSWORD, row.hashed_password)).toBe(true);
  });

  it("requires an email with an @ sign and no spaces, and at most 160 characters", async () => {
    for (const email of ["", "not an email", "no-at-sign.example.com", `${"a".repeat(160)}@example.com`]) {
      const result = await fixture.accounts.registerUser({ email, password: VALID_PASSWORD });
      expect(result.ok ? null : result.errors.email, `"${email.slice(0, 20)}" should be refused`).toBeTruthy();
    }
  });

  it("says which fields were left blank", async () => {
    const result = await fixture.accounts.registerUser({ email: "", password: "" });
    expect(result).toEqual({ ok: false, errors: { email: "can't be blank", password: "can't be blank" } });
  });

  it("returns an unconfirmed user that carries no password hash", async () => {
    const result = await fixture.accounts.registerUser({ email: uniqueUserEmail(), password: VALID_PASSWORD });
    expect(result.ok && result.user.confirmedAt).toBeNull();
    expect(Object.keys(result.ok ? result.user : {}), "a User never leaves the context with its hash").not.toContain("hashed_password");
  });

  it("requires a password of at least 12 characters", async () => {
    const result = await fixture.accounts.registerUser({ email: uniqueUserEmail(), password: "eleven chrs" });
    expect(result).toEqual({ ok: false, errors: { password: "should be at least 12 characters" } });
  });

  it("refuses a password over 72 bytes instead of truncating it, counting bytes, not characters", async () => {
    const password = "é".repeat(37); // 37 characters, 74 bytes in UTF-8
    const result = await fixture.accounts.registerUser({ email: uniqueUserEmail(), password });
    expect(result.ok ? null : result.errors.password, "74 bytes must be refused although it is only 37 characters").toMatch(/at most 72 bytes/);
    const fits = await fixture.accounts.registerUser({ email: uniqueUserEmail(), password: "é".repeat(36) });
    expect(fits.ok, "exactly 72 bytes is allowed").toBe(true);
  });

  it("refuses an email that is taken, whatever its case", async () => {
    const user = await userFixture(fixture.accounts);
    const result = await fixture.accounts.registerUser({ email: user.email.toUpperCase(), password: VALID_PASSWORD });
    expect(result).toEqual({ ok: false, errors: { email: "has already been taken" } });
  });
});

describe("getUserByEmailAndPassword", () => {
  it("returns the user for the right password, and null otherwise", async () => {
    const user = await userFixture(fixture.accounts);
    expect(await fixture.accounts.getUserByEmailAndPassword(user.email, VALID_PASSWORD)).toEqual(user);
    expect(await fixture.accounts.getUserByEmailAndPassword(user.email, "not the password")).toBeNull();
    expect(await fixture.accounts.getUserByEmailAndPassword(uniqueUserEmail(), VALID_PASSWORD)).toBeNull();
  });

  it("never accepts a password that only shares the first 72 bytes of the real one", async () => {
    const password = "x".repeat(72);
    const user = await userFixture(fixture.accounts, { password });
    expect(await fixture.accounts.getUserByEmailAndPassword(user.email, `${password}extra`)).toBeNull();
  });

  it("takes as long for an unknown email as for a wrong password (a dummy hash is compared)", async () => {
    const slow = accountsFixture({ bcryptCost: 8 }); // slow enough to measure, fast enough for a test
    try {
      const user = await userFixture(slow.accounts);
      const unknown: number[] = [];
      const wrong: number[] = [];
      for (let i = 0; i < 7; i++) {
        // Interleaved, so that a busy machine slows both alike.
        unknown.push(await timeMs(() => slow.accounts.getUserByEmailAndPassword(uniqueUserEmail(), VALID_PASSWORD)));
        wrong.push(await timeMs(() => slow.accounts.getUserByEmailAndPassword(user.email, "not the password")));
      }
      const ratio = median(unknown) / median(wrong);
      const report = `unknown email: ${median(unknown).toFixed(1)} ms, wrong password: ${median(wrong).toFixed(1)} ms`;
      expect(ratio, report).toBeGreaterThan(0.5);
      expect(ratio, report).toBeLessThan(2);
    } finally {
      slow.close();
    }
  });
});

async function timeMs(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}
