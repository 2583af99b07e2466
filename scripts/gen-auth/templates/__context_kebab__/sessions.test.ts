import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DAY_IN_MS, SESSION_VALIDITY_IN_DAYS } from "./__schema_kebab__-token.ts";
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

describe("delete__Schema__SessionToken", () => {
  it("deletes that token only", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const [first, second] = [1, 2].map(() => fixture.__context__.generate__Schema__SessionToken(__schema__));
    fixture.__context__.delete__Schema__SessionToken(first!);
    expect(fixture.__context__.get__Schema__BySessionToken(first!)).toBeNull();
    expect(fixture.__context__.get__Schema__BySessionToken(second!)).toEqual(__schema__);
  });
});
