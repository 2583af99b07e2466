import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildToken, CHANGE_EMAIL_VALIDITY_IN_DAYS, DAY_IN_MS, hashToken } from "./__schema_kebab__-token.ts";
import {
  extract__Schema__Token,
  __context__Fixture,
  __schema__Fixture,
  testUrl,
  unique__Schema__Email,
  VALID_PASSWORD,
} from "./__context_kebab__-fixtures.ts";

const NEW_PASSWORD = "a new password, quite long";

let fixture: ReturnType<typeof __context__Fixture>;
beforeEach(() => {
  fixture = __context__Fixture();
});
afterEach(() => fixture.close());

async function requestEmailChange(currentPassword = VALID_PASSWORD) {
  const __schema__ = await __schema__Fixture(fixture.__context__);
  const email = unique__Schema__Email();
  const result = await fixture.__context__.deliver__Schema__UpdateEmailInstructions(__schema__, { email, currentPassword }, testUrl);
  return { __schema__, email, result };
}

describe("deliver__Schema__UpdateEmailInstructions", () => {
  it("mails a link to the new address and changes nothing yet", async () => {
    const { __schema__, email, result } = await requestEmailChange();
    expect(result).toEqual({ ok: true });
    expect(fixture.sent.at(-1)).toMatchObject({ kind: "update_email", to: email });
    expect(fixture.__context__.get__Schema__(__schema__.id)?.email).toBe(__schema__.email);
  });

  it("stores only the token's hash, tied to the current address and sent to the new one", async () => {
    const { __schema__, email } = await requestEmailChange();
    const row = fixture.db.prepare("SELECT token_hash, context, sent_to FROM __table___tokens").get();
    expect(row).toEqual({ token_hash: hashToken(extract__Schema__Token(fixture.sent, email)), context: `change:${__schema__.email}`, sent_to: email });
  });

  it("requires the current password", async () => {
    const { result } = await requestEmailChange("not the password");
    expect(result).toEqual({ ok: false, errors: { current_password: "is not valid" } });
    expect(fixture.sent.filter((email) => email.kind === "update_email")).toHaveLength(0);
  });

  it("refuses the same email, and a taken one", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const other = await __schema__Fixture(fixture.__context__);
    const change = (email: string) =>
      fixture.__context__.deliver__Schema__UpdateEmailInstructions(__schema__, { email, currentPassword: VALID_PASSWORD }, testUrl);
    expect(await change(__schema__.email)).toEqual({ ok: false, errors: { email: "did not change" } });
    expect(await change(other.email)).toEqual({ ok: false, errors: { email: "has already been taken" } });
  });
});

describe("apply__Schema__Email", () => {
  it("changes the email once, for the __schema_human__ who asked", async () => {
    const { __schema__, email } = await requestEmailChange();
    const token = extract__Schema__Token(fixture.sent, email);
    const someoneElse = await __schema__Fixture(fixture.__context__);
    expect(fixture.__context__.apply__Schema__Email(someoneElse, token), "the link is not for another __schema_human__").toBeNull();
    expect(fixture.__context__.apply__Schema__Email(__schema__, token)?.email).toBe(email);
    const changed = fixture.__context__.get__Schema__(__schema__.id)!;
    expect(fixture.__context__.apply__Schema__Email(changed, token), "the link works once").toBeNull();
  });

  it("refuses a token nobody was sent", async () => {
    const { __schema__ } = await requestEmailChange();
    expect(fixture.__context__.apply__Schema__Email(__schema__, buildToken().token)).toBeNull();
  });

  it("refuses a link once the email has changed another way", async () => {
    const { __schema__, email } = await requestEmailChange();
    const firstLink = extract__Schema__Token(fixture.sent, email);
    const other = unique__Schema__Email();
    await fixture.__context__.deliver__Schema__UpdateEmailInstructions(__schema__, { email: other, currentPassword: VALID_PASSWORD }, testUrl);
    const changed = fixture.__context__.apply__Schema__Email(__schema__, extract__Schema__Token(fixture.sent, other))!;
    expect(fixture.__context__.apply__Schema__Email(changed, firstLink), "the link was for the old address").toBeNull();
    expect(fixture.__context__.get__Schema__(__schema__.id)?.email).toBe(other);
  });

  it(`refuses a link older than ${CHANGE_EMAIL_VALIDITY_IN_DAYS} days`, async () => {
    const { __schema__, email } = await requestEmailChange();
    fixture.advanceClock(CHANGE_EMAIL_VALIDITY_IN_DAYS * DAY_IN_MS);
    expect(fixture.__context__.apply__Schema__Email(__schema__, extract__Schema__Token(fixture.sent, email))).toBeNull();
  });
});

describe("update__Schema__Password", () => {
  const update = (currentPassword: string) => ({ password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD, currentPassword });

  it("requires the current password", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const result = await fixture.__context__.update__Schema__Password(__schema__, update("not the password"));
    expect(result).toEqual({ ok: false, errors: { current_password: "is not valid" } });
  });

  it("changes the password and ends every session, returning their hashes", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const session = fixture.__context__.generate__Schema__SessionToken(__schema__);
    const result = await fixture.__context__.update__Schema__Password(__schema__, update(VALID_PASSWORD));
    expect(result.ok && result.loginHashes).toHaveLength(1);
    expect(fixture.__context__.get__Schema__BySessionToken(session)).toBeNull();
    expect(await fixture.__context__.get__Schema__ByEmailAndPassword(__schema__.email, NEW_PASSWORD)).toEqual(__schema__);
  });

  it("validates the new password and its confirmation", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const update = { password: "short", passwordConfirmation: "other", currentPassword: VALID_PASSWORD };
    expect(await fixture.__context__.update__Schema__Password(__schema__, update)).toEqual({
      ok: false,
      errors: { password: "should be at least 12 characters", password_confirmation: "does not match password" },
    });
  });

  it("refuses a new password over 72 bytes", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const long = "ü".repeat(40); // 80 bytes
    const update = { password: long, passwordConfirmation: long, currentPassword: VALID_PASSWORD };
    const result = await fixture.__context__.update__Schema__Password(__schema__, update);
    expect(result.ok ? null : result.errors.password).toMatch(/at most 72 bytes/);
  });
});
