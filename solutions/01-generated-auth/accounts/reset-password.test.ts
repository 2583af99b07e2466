import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildToken, DAY_IN_MS, hashToken, RESET_PASSWORD_VALIDITY_IN_DAYS } from "./user-token.ts";
import { extractUserToken, accountsFixture, userFixture, testUrl, VALID_PASSWORD } from "./accounts-fixtures.ts";

const NEW_PASSWORD = "a new password, quite long";

let fixture: ReturnType<typeof accountsFixture>;
beforeEach(() => {
  fixture = accountsFixture();
});
afterEach(() => fixture.close());

async function sendReset() {
  const user = await userFixture(fixture.accounts);
  await fixture.accounts.deliverUserResetPasswordInstructions(user, testUrl);
  return { user, token: extractUserToken(fixture.sent, user.email) };
}

describe("deliverUserResetPasswordInstructions", () => {
  it("mails a link and stores only its token's SHA-256, for the address it went to", async () => {
    const { user, token } = await sendReset();
    expect(fixture.sent.at(-1)).toMatchObject({ kind: "reset_password", to: user.email });
    const row = fixture.db.prepare("SELECT token_hash, sent_to FROM users_tokens WHERE context = 'reset_password'").get();
    expect(row).toEqual({ token_hash: hashToken(token), sent_to: user.email });
  });
});

describe("getUserByResetPasswordToken", () => {
  it("finds the user the link was sent to", async () => {
    const { user, token } = await sendReset();
    expect(fixture.accounts.getUserByResetPasswordToken(token)).toEqual(user);
  });

  it(`refuses a token older than ${RESET_PASSWORD_VALIDITY_IN_DAYS} day`, async () => {
    const { token } = await sendReset();
    fixture.advanceClock(RESET_PASSWORD_VALIDITY_IN_DAYS * DAY_IN_MS);
    expect(fixture.accounts.getUserByResetPasswordToken(token)).toBeNull();
  });

  it("refuses a token nobody was sent", async () => {
    await sendReset();
    expect(fixture.accounts.getUserByResetPasswordToken(buildToken().token)).toBeNull();
  });

  it("refuses a token of another kind (a session token, say)", async () => {
    const { user } = await sendReset();
    const sessionToken = fixture.accounts.generateUserSessionToken(user);
    expect(fixture.accounts.getUserByResetPasswordToken(sessionToken)).toBeNull();
  });
});

describe("resetUserPassword", () => {
  it("sets the new password", async () => {
    const { user } = await sendReset();
    const result = await fixture.accounts.resetUserPassword(user, { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
    expect(result.ok).toBe(true);
    expect(await fixture.accounts.getUserByEmailAndPassword(user.email, NEW_PASSWORD)).toEqual(user);
    expect(await fixture.accounts.getUserByEmailAndPassword(user.email, VALID_PASSWORD)).toBeNull();
  });

  it("deletes every token — the link itself and every session — and returns the session hashes", async () => {
    const { user, token } = await sendReset();
    const sessions = [1, 2].map(() => fixture.accounts.generateUserSessionToken(user));
    const result = await fixture.accounts.resetUserPassword(user, { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
    expect(result.ok && result.loginHashes).toHaveLength(2);
    expect(fixture.accounts.getUserByResetPasswordToken(token), "a reset link works once").toBeNull();
    for (const session of sessions) expect(fixture.accounts.getUserBySessionToken(session)).toBeNull();
  });

  it("refuses a new password over 72 bytes rather than cutting it", async () => {
    const { user } = await sendReset();
    const long = "ü".repeat(40); // 80 bytes
    const result = await fixture.accounts.resetUserPassword(user, { password: long, passwordConfirmation: long });
    expect(result.ok ? null : result.errors.password).toMatch(/at most 72 bytes/);
  });

  it("validates the new password and its confirmation", async () => {
    const { user, token } = await sendReset();
    const result = await fixture.accounts.resetUserPassword(user, { password: "short", passwordConfirmation: "other" });
    expect(result).toEqual({
      ok: false,
      errors: { password: "should be at least 12 characters", password_confirmation: "does not match password" },
    });
    expect(fixture.accounts.getUserByResetPasswordToken(token), "a refused reset keeps the link").not.toBeNull();
  });
});
