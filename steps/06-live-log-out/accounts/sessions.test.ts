import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DAY_IN_MS, SESSION_REISSUE_AGE_IN_DAYS, SESSION_VALIDITY_IN_DAYS } from "./user-token.ts";
import { accountsFixture, userFixture } from "./accounts-fixtures.ts";

let fixture: ReturnType<typeof accountsFixture>;
beforeEach(() => {
  fixture = accountsFixture();
});
afterEach(() => fixture.close());

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("generateUserSessionToken", () => {
  it("returns 32 random bytes and stores only their SHA-256", async () => {
    const user = await userFixture(fixture.accounts);
    const token = fixture.accounts.generateUserSessionToken(user);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const stored = fixture.db.prepare("SELECT token_hash, context FROM users_tokens").all();
    expect(stored, "the table should hold the hash, never the token").toEqual([{ token_hash: sha256(token), context: "session" }]);
    expect(fixture.accounts.generateUserSessionToken(user), "every log-in gets its own token").not.toBe(token);
  });
});

describe("getUserBySessionToken", () => {
  it("returns the user of a valid token", async () => {
    const user = await userFixture(fixture.accounts);
    const token = fixture.accounts.generateUserSessionToken(user);
    expect(fixture.accounts.getUserBySessionToken(token)).toEqual(user);
  });

  it("returns null for an unknown token, and for the stored hash used as a token", async () => {
    const user = await userFixture(fixture.accounts);
    const token = fixture.accounts.generateUserSessionToken(user);
    expect(fixture.accounts.getUserBySessionToken("not-a-token")).toBeNull();
    expect(fixture.accounts.getUserBySessionToken(sha256(token)), "a copy of the table must log nobody in").toBeNull();
  });

  it(`returns null once the token is ${SESSION_VALIDITY_IN_DAYS} days old, however recently it was used`, async () => {
    const user = await userFixture(fixture.accounts);
    const token = fixture.accounts.generateUserSessionToken(user);
    fixture.advanceClock(SESSION_VALIDITY_IN_DAYS * DAY_IN_MS - 1000);
    expect(fixture.accounts.getUserBySessionToken(token), "still valid a second before").toEqual(user);
    fixture.advanceClock(1000);
    expect(fixture.accounts.getUserBySessionToken(token)).toBeNull();
  });
});

describe("getUserSession", () => {
  it(`names the log-in by its first token's hash, and says when the token is ${SESSION_REISSUE_AGE_IN_DAYS} days old`, async () => {
    const user = await userFixture(fixture.accounts);
    const token = fixture.accounts.generateUserSessionToken(user);
    expect(fixture.accounts.getUserSession(token)).toEqual({ user, loginHash: sha256(token), reissueDue: false });
    fixture.advanceClock(SESSION_REISSUE_AGE_IN_DAYS * DAY_IN_MS);
    expect(fixture.accounts.getUserSession(token)?.reissueDue).toBe(true);
  });
});

describe("reissueUserSessionToken", () => {
  it("swaps the token for a new one of the same log-in, and deletes the old one", async () => {
    const user = await userFixture(fixture.accounts);
    const token = fixture.accounts.generateUserSessionToken(user);
    fixture.advanceClock(SESSION_REISSUE_AGE_IN_DAYS * DAY_IN_MS);
    const newToken = fixture.accounts.reissueUserSessionToken(token);
    expect(newToken).not.toBeNull();
    expect(fixture.accounts.getUserSession(newToken!)).toEqual({ user, loginHash: sha256(token), reissueDue: false });
    expect(fixture.accounts.getUserBySessionToken(token), "the old token is gone").toBeNull();
    expect(fixture.accounts.reissueUserSessionToken(token), "a token is replaced once").toBeNull();
  });

  it(`keeps the log-in's end: ${SESSION_VALIDITY_IN_DAYS} days after it began`, async () => {
    const user = await userFixture(fixture.accounts);
    const token = fixture.accounts.generateUserSessionToken(user);
    fixture.advanceClock(SESSION_REISSUE_AGE_IN_DAYS * DAY_IN_MS);
    const newToken = fixture.accounts.reissueUserSessionToken(token)!;
    fixture.advanceClock((SESSION_VALIDITY_IN_DAYS - SESSION_REISSUE_AGE_IN_DAYS) * DAY_IN_MS);
    expect(fixture.accounts.getUserBySessionToken(newToken)).toBeNull();
  });

  it("deletes a reissued log-in with the rest on a password change, by its first token's hash", async () => {
    const user = await userFixture(fixture.accounts);
    const token = fixture.accounts.generateUserSessionToken(user);
    fixture.accounts.reissueUserSessionToken(token);
    const reset = { password: "a new password, quite long", passwordConfirmation: "a new password, quite long" };
    const result = await fixture.accounts.resetUserPassword(user, reset);
    expect(result.ok && result.loginHashes).toEqual([sha256(token)]);
  });
});

describe("deleteUserSessionToken", () => {
  it("deletes that token only", async () => {
    const user = await userFixture(fixture.accounts);
    const [first, second] = [1, 2].map(() => fixture.accounts.generateUserSessionToken(user));
    fixture.accounts.deleteUserSessionToken(first!);
    expect(fixture.accounts.getUserBySessionToken(first!)).toBeNull();
    expect(fixture.accounts.getUserBySessionToken(second!)).toEqual(user);
  });
});

describe("deleteOtherUserSessionTokens", () => {
  it("deletes every other session token of the user, keeps this one and the other users' tokens", async () => {
    const user = await userFixture(fixture.accounts);
    const other = await userFixture(fixture.accounts);
    const [kept, first, second] = [1, 2, 3].map(() => fixture.accounts.generateUserSessionToken(user));
    const theirs = fixture.accounts.generateUserSessionToken(other);
    const deleted = fixture.accounts.deleteOtherUserSessionTokens(user, kept!);
    expect(deleted.sort(), "it returns the hashes it deleted, for closing their sockets").toEqual([sha256(first!), sha256(second!)].sort());
    expect(fixture.accounts.getUserBySessionToken(first!)).toBeNull();
    expect(fixture.accounts.getUserBySessionToken(second!)).toBeNull();
    expect(fixture.accounts.getUserBySessionToken(kept!), "the current log-in goes on").toEqual(user);
    expect(fixture.accounts.getUserBySessionToken(theirs), "another user's log-in is untouched").toEqual(other);
  });
});
