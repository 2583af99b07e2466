import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DAY_IN_MS, SESSION_REISSUE_AGE_IN_DAYS, SESSION_VALIDITY_IN_DAYS } from "./__schema_kebab__-token.ts";
import { __context__Fixture, __schema__Fixture } from "./__context_kebab__-fixtures.ts";

let fixture: ReturnType<typeof __context__Fixture>;
beforeEach(() => {
  fixture = __context__Fixture();
});
afterEach(() => fixture.close());

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("generate__Schema__SessionToken", () => {
  it("returns 32 random bytes and stores only their SHA-256", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const token = fixture.__context__.generate__Schema__SessionToken(__schema__);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const stored = fixture.db.prepare("SELECT token_hash, context FROM __table___tokens").all();
    expect(stored, "the table should hold the hash, never the token").toEqual([{ token_hash: sha256(token), context: "session" }]);
    expect(fixture.__context__.generate__Schema__SessionToken(__schema__), "every log-in gets its own token").not.toBe(token);
  });
});

describe("get__Schema__BySessionToken", () => {
  it("returns the __schema_human__ of a valid token", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const token = fixture.__context__.generate__Schema__SessionToken(__schema__);
    expect(fixture.__context__.get__Schema__BySessionToken(token)).toEqual(__schema__);
  });

  it("returns null for an unknown token, and for the stored hash used as a token", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const token = fixture.__context__.generate__Schema__SessionToken(__schema__);
    expect(fixture.__context__.get__Schema__BySessionToken("not-a-token")).toBeNull();
    expect(fixture.__context__.get__Schema__BySessionToken(sha256(token)), "a copy of the table must log nobody in").toBeNull();
  });

  it(`returns null once the token is ${SESSION_VALIDITY_IN_DAYS} days old, however recently it was used`, async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const token = fixture.__context__.generate__Schema__SessionToken(__schema__);
    fixture.advanceClock(SESSION_VALIDITY_IN_DAYS * DAY_IN_MS - 1000);
    expect(fixture.__context__.get__Schema__BySessionToken(token), "still valid a second before").toEqual(__schema__);
    fixture.advanceClock(1000);
    expect(fixture.__context__.get__Schema__BySessionToken(token)).toBeNull();
  });
});

describe("get__Schema__Session", () => {
  it(`names the log-in by its first token's hash, and says when the token is ${SESSION_REISSUE_AGE_IN_DAYS} days old`, async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const token = fixture.__context__.generate__Schema__SessionToken(__schema__);
    // with --sudo
    const authenticatedAt = expect.any(Number);
    expect(fixture.__context__.get__Schema__Session(token)).toEqual({ __schema__, loginHash: sha256(token), reissueDue: false, authenticatedAt });
    // without --sudo
    expect(fixture.__context__.get__Schema__Session(token)).toEqual({ __schema__, loginHash: sha256(token), reissueDue: false });
    // end --sudo
    fixture.advanceClock(SESSION_REISSUE_AGE_IN_DAYS * DAY_IN_MS);
    expect(fixture.__context__.get__Schema__Session(token)?.reissueDue).toBe(true);
  });
});

describe("reissue__Schema__SessionToken", () => {
  it("swaps the token for a new one of the same log-in, and deletes the old one", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const token = fixture.__context__.generate__Schema__SessionToken(__schema__);
    // with --sudo
    const authenticatedAt = fixture.__context__.get__Schema__Session(token)?.authenticatedAt;
    // end --sudo
    fixture.advanceClock(SESSION_REISSUE_AGE_IN_DAYS * DAY_IN_MS);
    const newToken = fixture.__context__.reissue__Schema__SessionToken(token);
    expect(newToken).not.toBeNull();
    // with --sudo
    const session = { __schema__, loginHash: sha256(token), reissueDue: false, authenticatedAt }; // the log-in's time, not the new token's
    expect(fixture.__context__.get__Schema__Session(newToken!)).toEqual(session);
    // without --sudo
    expect(fixture.__context__.get__Schema__Session(newToken!)).toEqual({ __schema__, loginHash: sha256(token), reissueDue: false });
    // end --sudo
    expect(fixture.__context__.get__Schema__BySessionToken(token), "the old token is gone").toBeNull();
    expect(fixture.__context__.reissue__Schema__SessionToken(token), "a token is replaced once").toBeNull();
  });

  it(`keeps the log-in's end: ${SESSION_VALIDITY_IN_DAYS} days after it began`, async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const token = fixture.__context__.generate__Schema__SessionToken(__schema__);
    fixture.advanceClock(SESSION_REISSUE_AGE_IN_DAYS * DAY_IN_MS);
    const newToken = fixture.__context__.reissue__Schema__SessionToken(token)!;
    fixture.advanceClock((SESSION_VALIDITY_IN_DAYS - SESSION_REISSUE_AGE_IN_DAYS) * DAY_IN_MS);
    expect(fixture.__context__.get__Schema__BySessionToken(newToken)).toBeNull();
  });

  it("deletes a reissued log-in with the rest on a password change, by its first token's hash", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const token = fixture.__context__.generate__Schema__SessionToken(__schema__);
    fixture.__context__.reissue__Schema__SessionToken(token);
    const reset = { password: "a new password, quite long", passwordConfirmation: "a new password, quite long" };
    const result = await fixture.__context__.reset__Schema__Password(__schema__, reset);
    expect(result.ok && result.loginHashes).toEqual([sha256(token)]);
  });
});

describe("delete__Schema__SessionToken", () => {
  it("deletes that token only", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const [first, second] = [1, 2].map(() => fixture.__context__.generate__Schema__SessionToken(__schema__));
    fixture.__context__.delete__Schema__SessionToken(first!);
    expect(fixture.__context__.get__Schema__BySessionToken(first!)).toBeNull();
    expect(fixture.__context__.get__Schema__BySessionToken(second!)).toEqual(__schema__);
  });
});
