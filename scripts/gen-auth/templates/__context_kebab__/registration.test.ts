import bcrypt from "bcrypt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { __context__Fixture, __schema__Fixture, unique__Schema__Email, VALID_PASSWORD } from "./__context_kebab__-fixtures.ts";

let fixture: ReturnType<typeof __context__Fixture>;
beforeEach(() => {
  fixture = __context__Fixture();
});
afterEach(() => fixture.close());

describe("register__Schema__", () => {
  it("registers a __schema_human__ with a bcrypt hash of the password, at the configured cost", async () => {
    const email = unique__Schema__Email();
    const result = await fixture.__context__.register__Schema__({ email, password: VALID_PASSWORD });
    expect(result.ok, "a valid email and password should register").toBe(true);
    const row = fixture.db.prepare("SELECT hashed_password FROM __table__ WHERE email = ?").get(email) as { hashed_password: string };
    expect(row.hashed_password, "the password must never be stored as given").not.toContain(VALID_PASSWORD);
    expect(bcrypt.getRounds(row.hashed_password), "the hash should use the bcryptCost option").toBe(4);
    expect(await bcrypt.compare(VALID_PASSWORD, row.hashed_password)).toBe(true);
  });

  it("requires an email with an @ sign and no spaces, and at most 160 characters", async () => {
    for (const email of ["", "not an email", "no-at-sign.example.com", `${"a".repeat(160)}@example.com`]) {
      const result = await fixture.__context__.register__Schema__({ email, password: VALID_PASSWORD });
      expect(result.ok ? null : result.errors.email, `"${email.slice(0, 20)}" should be refused`).toBeTruthy();
    }
  });

  it("says which fields were left blank", async () => {
    const result = await fixture.__context__.register__Schema__({ email: "", password: "" });
    expect(result).toEqual({ ok: false, errors: { email: "can't be blank", password: "can't be blank" } });
  });

  it("returns an unconfirmed __schema_human__ that carries no password hash", async () => {
    const result = await fixture.__context__.register__Schema__({ email: unique__Schema__Email(), password: VALID_PASSWORD });
    expect(result.ok && result.__schema__.confirmedAt).toBeNull();
    expect(Object.keys(result.ok ? result.__schema__ : {}), "a __Schema__ never leaves the context with its hash").not.toContain("hashed_password");
  });

  it("requires a password of at least 12 characters", async () => {
    const result = await fixture.__context__.register__Schema__({ email: unique__Schema__Email(), password: "eleven chrs" });
    expect(result).toEqual({ ok: false, errors: { password: "should be at least 12 characters" } });
  });

  it("refuses a password over 72 bytes instead of truncating it, counting bytes, not characters", async () => {
    const password = "é".repeat(37); // 37 characters, 74 bytes in UTF-8
    const result = await fixture.__context__.register__Schema__({ email: unique__Schema__Email(), password });
    expect(result.ok ? null : result.errors.password, "74 bytes must be refused although it is only 37 characters").toMatch(/at most 72 bytes/);
    const fits = await fixture.__context__.register__Schema__({ email: unique__Schema__Email(), password: "é".repeat(36) });
    expect(fits.ok, "exactly 72 bytes is allowed").toBe(true);
  });

  it("refuses an email that is taken, whatever its case", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const result = await fixture.__context__.register__Schema__({ email: __schema__.email.toUpperCase(), password: VALID_PASSWORD });
    expect(result).toEqual({ ok: false, errors: { email: "has already been taken" } });
  });
});

describe("get__Schema__ByEmailAndPassword", () => {
  it("returns the __schema_human__ for the right password, and null otherwise", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    expect(await fixture.__context__.get__Schema__ByEmailAndPassword(__schema__.email, VALID_PASSWORD)).toEqual(__schema__);
    expect(await fixture.__context__.get__Schema__ByEmailAndPassword(__schema__.email, "not the password")).toBeNull();
    expect(await fixture.__context__.get__Schema__ByEmailAndPassword(unique__Schema__Email(), VALID_PASSWORD)).toBeNull();
  });

  it("never accepts a password that only shares the first 72 bytes of the real one", async () => {
    const password = "x".repeat(72);
    const __schema__ = await __schema__Fixture(fixture.__context__, { password });
    expect(await fixture.__context__.get__Schema__ByEmailAndPassword(__schema__.email, `${password}extra`)).toBeNull();
  });

  it("takes as long for an unknown email as for a wrong password (a dummy hash is compared)", async () => {
    const slow = __context__Fixture({ bcryptCost: 8 }); // slow enough to measure, fast enough for a test
    try {
      const __schema__ = await __schema__Fixture(slow.__context__);
      const unknown: number[] = [];
      const wrong: number[] = [];
      for (let i = 0; i < 7; i++) {
        // Interleaved, so that a busy machine slows both alike.
        unknown.push(await timeMs(() => slow.__context__.get__Schema__ByEmailAndPassword(unique__Schema__Email(), VALID_PASSWORD)));
        wrong.push(await timeMs(() => slow.__context__.get__Schema__ByEmailAndPassword(__schema__.email, "not the password")));
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
