import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildToken, CONFIRM_VALIDITY_IN_DAYS, DAY_IN_MS } from "./__schema_kebab__-token.ts";
import { extract__Schema__Token, __context__Fixture, __schema__Fixture, testUrl, VALID_PASSWORD } from "./__context_kebab__-fixtures.ts";

let fixture: ReturnType<typeof __context__Fixture>;
beforeEach(() => {
  fixture = __context__Fixture();
});
afterEach(() => fixture.close());

async function sendConfirmation() {
  const __schema__ = await __schema__Fixture(fixture.__context__);
  await fixture.__context__.deliver__Schema__ConfirmationInstructions(__schema__, testUrl);
  return { __schema__, token: extract__Schema__Token(fixture.sent, __schema__.email) };
}

describe("deliver__Schema__ConfirmationInstructions", () => {
  it("mails a link with a 32-byte token, and stores only its SHA-256", async () => {
    const { __schema__, token } = await sendConfirmation();
    expect(fixture.sent.at(-1)).toMatchObject({ kind: "confirm", to: __schema__.email });
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const row = fixture.db.prepare("SELECT token_hash, sent_to FROM __table___tokens WHERE context = 'confirm'").get();
    expect(row).toEqual({ token_hash: createHash("sha256").update(token).digest("hex"), sent_to: __schema__.email });
  });

  it("sends nothing to a confirmed __schema_human__", async () => {
    const { __schema__, token } = await sendConfirmation();
    const confirmed = fixture.__context__.confirm__Schema__(token)!;
    const result = await fixture.__context__.deliver__Schema__ConfirmationInstructions(confirmed, testUrl);
    expect(result).toEqual({ ok: false, reason: "already_confirmed" });
    expect(fixture.sent.filter((email) => email.to === __schema__.email)).toHaveLength(1);
  });
});

describe("confirm__Schema__", () => {
  it("confirms the __schema_human__, once", async () => {
    const { token } = await sendConfirmation();
    expect(fixture.__context__.confirm__Schema__(token)?.confirmedAt).toBeTypeOf("number");
    expect(fixture.__context__.confirm__Schema__(token), "a confirmation link works once").toBeNull();
  });

  it("refuses a token nobody was sent", async () => {
    await sendConfirmation();
    expect(fixture.__context__.confirm__Schema__(buildToken().token)).toBeNull();
  });

  it(`refuses a token older than ${CONFIRM_VALIDITY_IN_DAYS} days`, async () => {
    const { token } = await sendConfirmation();
    fixture.advanceClock(CONFIRM_VALIDITY_IN_DAYS * DAY_IN_MS);
    expect(fixture.__context__.confirm__Schema__(token)).toBeNull();
  });

  it("refuses a token sent to an address the __schema_human__ no longer has", async () => {
    const { __schema__, token } = await sendConfirmation();
    const newEmail = `new-${__schema__.email}`;
    await fixture.__context__.deliver__Schema__UpdateEmailInstructions(__schema__, { email: newEmail, currentPassword: VALID_PASSWORD }, testUrl);
    fixture.__context__.apply__Schema__Email(__schema__, extract__Schema__Token(fixture.sent, newEmail));
    expect(fixture.__context__.confirm__Schema__(token)).toBeNull();
  });
});
