import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DAY_IN_MS, RESET_PASSWORD_VALIDITY_IN_DAYS } from "./user-token.ts";
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
