import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildToken, DAY_IN_MS, hashToken, RESET_PASSWORD_VALIDITY_IN_DAYS } from "./__schema_kebab__-token.ts";
import { extract__Schema__Token, __context__Fixture, __schema__Fixture, testUrl, VALID_PASSWORD } from "./__context_kebab__-fixtures.ts";

const NEW_PASSWORD = "a new password, quite long";

let fixture: ReturnType<typeof __context__Fixture>;
beforeEach(() => {
  fixture = __context__Fixture();
});
afterEach(() => fixture.close());

async function sendReset() {
  const __schema__ = await __schema__Fixture(fixture.__context__);
  await fixture.__context__.deliver__Schema__ResetPasswordInstructions(__schema__, testUrl);
  return { __schema__, token: extract__Schema__Token(fixture.sent, __schema__.email) };
}

describe("deliver__Schema__ResetPasswordInstructions", () => {
  it("mails a link and stores only its token's SHA-256, for the address it went to", async () => {
    const { __schema__, token } = await sendReset();
    expect(fixture.sent.at(-1)).toMatchObject({ kind: "reset_password", to: __schema__.email });
    const row = fixture.db.prepare("SELECT token_hash, sent_to FROM __table___tokens WHERE context = 'reset_password'").get();
    expect(row).toEqual({ token_hash: hashToken(token), sent_to: __schema__.email });
  });
});

describe("get__Schema__ByResetPasswordToken", () => {
  it("finds the __schema_human__ the link was sent to", async () => {
    const { __schema__, token } = await sendReset();
    expect(fixture.__context__.get__Schema__ByResetPasswordToken(token)).toEqual(__schema__);
  });

  it(`refuses a token older than ${RESET_PASSWORD_VALIDITY_IN_DAYS} day`, async () => {
    const { token } = await sendReset();
    fixture.advanceClock(RESET_PASSWORD_VALIDITY_IN_DAYS * DAY_IN_MS);
    expect(fixture.__context__.get__Schema__ByResetPasswordToken(token)).toBeNull();
  });

  it("refuses a token nobody was sent", async () => {
    await sendReset();
    expect(fixture.__context__.get__Schema__ByResetPasswordToken(buildToken().token)).toBeNull();
  });

  it("refuses a token of another kind (a session token, say)", async () => {
    const { __schema__ } = await sendReset();
    const sessionToken = fixture.__context__.generate__Schema__SessionToken(__schema__);
    expect(fixture.__context__.get__Schema__ByResetPasswordToken(sessionToken)).toBeNull();
  });
});

describe("reset__Schema__Password", () => {
  it("sets the new password", async () => {
    const { __schema__ } = await sendReset();
    const result = await fixture.__context__.reset__Schema__Password(__schema__, { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
    expect(result.ok).toBe(true);
    expect(await fixture.__context__.get__Schema__ByEmailAndPassword(__schema__.email, NEW_PASSWORD)).toEqual(__schema__);
    expect(await fixture.__context__.get__Schema__ByEmailAndPassword(__schema__.email, VALID_PASSWORD)).toBeNull();
  });

  it("deletes every token — the link itself and every session — and returns the session hashes", async () => {
    const { __schema__, token } = await sendReset();
    const sessions = [1, 2].map(() => fixture.__context__.generate__Schema__SessionToken(__schema__));
    const result = await fixture.__context__.reset__Schema__Password(__schema__, { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
    expect(result.ok && result.loginHashes).toHaveLength(2);
    expect(fixture.__context__.get__Schema__ByResetPasswordToken(token), "a reset link works once").toBeNull();
    for (const session of sessions) expect(fixture.__context__.get__Schema__BySessionToken(session)).toBeNull();
  });

  it("refuses a new password over 72 bytes rather than cutting it", async () => {
    const { __schema__ } = await sendReset();
    const long = "ü".repeat(40); // 80 bytes
    const result = await fixture.__context__.reset__Schema__Password(__schema__, { password: long, passwordConfirmation: long });
    expect(result.ok ? null : result.errors.password).toMatch(/at most 72 bytes/);
  });

  it("validates the new password and its confirmation", async () => {
    const { __schema__, token } = await sendReset();
    const result = await fixture.__context__.reset__Schema__Password(__schema__, { password: "short", passwordConfirmation: "other" });
    expect(result).toEqual({
      ok: false,
      errors: { password: "should be at least 12 characters", password_confirmation: "does not match password" },
    });
    expect(fixture.__context__.get__Schema__ByResetPasswordToken(token), "a refused reset keeps the link").not.toBeNull();
  });
});
