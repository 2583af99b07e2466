import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildToken, CHANGE_EMAIL_VALIDITY_IN_DAYS, DAY_IN_MS, hashToken } from "./user-token.ts";
import {
  extractUserToken,
  accountsFixture,
  userFixture,
  testUrl,
  uniqueUserEmail,
  VALID_PASSWORD,
} from "./accounts-fixtures.ts";

const NEW_PASSWORD = "a new password, quite long";

let fixture: ReturnType<typeof accountsFixture>;
beforeEach(() => {
  fixture = accountsFixture();
});
afterEach(() => fixture.close());

async function requestEmailChange(currentPassword = VALID_PASSWORD) {
  const user = await userFixture(fixture.accounts);
  const email = uniqueUserEmail();
  const result = await fixture.accounts.deliverUserUpdateEmailInstructions(user, { email, currentPassword }, testUrl);
  return { user, email, result };
}

describe("deliverUserUpdateEmailInstructions", () => {
  it("mails a link to the new address and changes nothing yet", async () => {
    const { user, email, result } = await requestEmailChange();
    expect(result).toEqual({ ok: true });
    expect(fixture.sent.at(-1)).toMatchObject({ kind: "update_email", to: email });
    expect(fixture.accounts.getUser(user.id)?.email).toBe(user.email);
  });

  it("stores only the token's hash, tied to the current address and sent to the new one", async () => {
    const { user, email } = await requestEmailChange();
    const row = fixture.db.prepare("SELECT token_hash, context, sent_to FROM users_tokens").get();
    expect(row).toEqual({ token_hash: hashToken(extractUserToken(fixture.sent, email)), context: `change:${user.email}`, sent_to: email });
  });

  it("requires the current password", async () => {
    const { result } = await requestEmailChange("not the password");
    expect(result).toEqual({ ok: false, errors: { current_password: "is not valid" } });
    expect(fixture.sent.filter((email) => email.kind === "update_email")).toHaveLength(0);
  });

  it("refuses the same email, and a taken one", async () => {
    const user = await userFixture(fixture.accounts);
    const other = await userFixture(fixture.accounts);
    const change = (email: string) =>
      fixture.accounts.deliverUserUpdateEmailInstructions(user, { email, currentPassword: VALID_PASSWORD }, testUrl);
    expect(await change(user.email)).toEqual({ ok: false, errors: { email: "did not change" } });
    expect(await change(other.email)).toEqual({ ok: false, errors: { email: "has already been taken" } });
  });
});

describe("applyUserEmail", () => {
  it("changes the email once, for the user who asked", async () => {
    const { user, email } = await requestEmailChange();
    const token = extractUserToken(fixture.sent, email);
    const someoneElse = await userFixture(fixture.accounts);
    expect(fixture.accounts.applyUserEmail(someoneElse, token), "the link is not for another user").toBeNull();
    expect(fixture.accounts.applyUserEmail(user, token)?.email).toBe(email);
    const changed = fixture.accounts.getUser(user.id)!;
    expect(fixture.accounts.applyUserEmail(changed, token), "the link works once").toBeNull();
  });

  it("refuses a token nobody was sent", async () => {
    const { user } = await requestEmailChange();
    expect(fixture.accounts.applyUserEmail(user, buildToken().token)).toBeNull();
  });

  it("refuses a link once the email has changed another way", async () => {
    const { user, email } = await requestEmailChange();
    const firstLink = extractUserToken(fixture.sent, email);
    const other = uniqueUserEmail();
    await fixture.accounts.deliverUserUpdateEmailInstructions(user, { email: other, currentPassword: VALID_PASSWORD }, testUrl);
    const changed = fixture.accounts.applyUserEmail(user, extractUserToken(fixture.sent, other))!;
    expect(fixture.accounts.applyUserEmail(changed, firstLink), "the link was for the old address").toBeNull();
    expect(fixture.accounts.getUser(user.id)?.email).toBe(other);
  });

  it(`refuses a link older than ${CHANGE_EMAIL_VALIDITY_IN_DAYS} days`, async () => {
    const { user, email } = await requestEmailChange();
    fixture.advanceClock(CHANGE_EMAIL_VALIDITY_IN_DAYS * DAY_IN_MS);
    expect(fixture.accounts.applyUserEmail(user, extractUserToken(fixture.sent, email))).toBeNull();
  });
});

describe("updateUserPassword", () => {
  const update = (currentPassword: string) => ({ password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD, currentPassword });

  it("requires the current password", async () => {
    const user = await userFixture(fixture.accounts);
    const result = await fixture.accounts.updateUserPassword(user, update("not the password"));
    expect(result).toEqual({ ok: false, errors: { current_password: "is not valid" } });
  });

  it("changes the password and ends every session, returning their hashes", async () => {
    const user = await userFixture(fixture.accounts);
    const session = fixture.accounts.generateUserSessionToken(user);
    const result = await fixture.accounts.updateUserPassword(user, update(VALID_PASSWORD));
    expect(result.ok && result.loginHashes).toHaveLength(1);
    expect(fixture.accounts.getUserBySessionToken(session)).toBeNull();
    expect(await fixture.accounts.getUserByEmailAndPassword(user.email, NEW_PASSWORD)).toEqual(user);
  });

  it("validates the new password and its confirmation", async () => {
    const user = await userFixture(fixture.accounts);
    const update = { password: "short", passwordConfirmation: "other", currentPassword: VALID_PASSWORD };
    expect(await fixture.accounts.updateUserPassword(user, update)).toEqual({
      ok: false,
      errors: { password: "should be at least 12 characters", password_confirmation: "does not match password" },
    });
  });

  it("refuses a new password over 72 bytes", async () => {
    const user = await userFixture(fixture.accounts);
    const long = "ü".repeat(40); // 80 bytes
    const update = { password: long, passwordConfirmation: long, currentPassword: VALID_PASSWORD };
    const result = await fixture.accounts.updateUserPassword(user, update);
    expect(result.ok ? null : result.errors.password).toMatch(/at most 72 bytes/);
  });
});
