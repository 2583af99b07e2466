import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildToken, CONFIRM_VALIDITY_IN_DAYS, DAY_IN_MS } from "./user-token.ts";
import { extractUserToken, accountsFixture, userFixture, testUrl, VALID_PASSWORD } from "./accounts-fixtures.ts";

let fixture: ReturnType<typeof accountsFixture>;
beforeEach(() => {
  fixture = accountsFixture();
});
afterEach(() => fixture.close());

async function sendConfirmation() {
  const user = await userFixture(fixture.accounts);
  await fixture.accounts.deliverUserConfirmationInstructions(user, testUrl);
  return { user, token: extractUserToken(fixture.sent, user.email) };
}

describe("deliverUserConfirmationInstructions", () => {
  it("mails a link with a 32-byte token, and stores only its SHA-256", async () => {
    const { user, token } = await sendConfirmation();
    expect(fixture.sent.at(-1)).toMatchObject({ kind: "confirm", to: user.email });
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const row = fixture.db.prepare("SELECT token_hash, sent_to FROM users_tokens WHERE context = 'confirm'").get();
    expect(row).toEqual({ token_hash: createHash("sha256").update(token).digest("hex"), sent_to: user.email });
  });

  it("sends nothing to a confirmed user", async () => {
    const { user, token } = await sendConfirmation();
    const confirmed = fixture.accounts.confirmUser(token)!;
    const result = await fixture.accounts.deliverUserConfirmationInstructions(confirmed, testUrl);
    expect(result).toEqual({ ok: false, reason: "already_confirmed" });
    expect(fixture.sent.filter((email) => email.to === user.email)).toHaveLength(1);
  });
});

describe("confirmUser", () => {
  it("confirms the user, once", async () => {
    const { token } = await sendConfirmation();
    expect(fixture.accounts.confirmUser(token)?.confirmedAt).toBeTypeOf("number");
    expect(fixture.accounts.confirmUser(token), "a confirmation link works once").toBeNull();
  });

  it("refuses a token nobody was sent", async () => {
    await sendConfirmation();
    expect(fixture.accounts.confirmUser(buildToken().token)).toBeNull();
  });

  it(`refuses a token older than ${CONFIRM_VALIDITY_IN_DAYS} days`, async () => {
    const { token } = await sendConfirmation();
    fixture.advanceClock(CONFIRM_VALIDITY_IN_DAYS * DAY_IN_MS);
    expect(fixture.accounts.confirmUser(token)).toBeNull();
  });

  it("refuses a token sent to an address the user no longer has", async () => {
    const { user, token } = await sendConfirmation();
    const newEmail = `new-${user.email}`;
    await fixture.accounts.deliverUserUpdateEmailInstructions(user, { email: newEmail, currentPassword: VALID_PASSWORD }, testUrl);
    fixture.accounts.applyUserEmail(user, extractUserToken(fixture.sent, newEmail));
    expect(fixture.accounts.confirmUser(token)).toBeNull();
  });
});
