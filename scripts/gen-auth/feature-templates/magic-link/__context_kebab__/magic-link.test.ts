import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildToken, MAGIC_LINK_VALIDITY_IN_MINUTES } from "./__schema_kebab__-token.ts";
import type { __Schema__ } from "./__schema_kebab__.ts";
import { extract__Schema__Token, __context__Fixture, __schema__Fixture, testUrl } from "./__context_kebab__-fixtures.ts";

const MINUTE_IN_MS = 60 * 1000;

let fixture: ReturnType<typeof __context__Fixture>;
beforeEach(() => {
  fixture = __context__Fixture();
});
afterEach(() => fixture.close());

async function sendMagicLink(__schema__: __Schema__): Promise<string> {
  await fixture.__context__.deliver__Schema__LogInInstructions(__schema__, testUrl);
  return extract__Schema__Token(fixture.sent, __schema__.email);
}

async function confirmed__Schema__(): Promise<__Schema__> {
  const __schema__ = await __schema__Fixture(fixture.__context__);
  await fixture.__context__.deliver__Schema__ConfirmationInstructions(__schema__, testUrl);
  return fixture.__context__.confirm__Schema__(extract__Schema__Token(fixture.sent, __schema__.email))!;
}

/** An unconfirmed account with no password: what registering with an email alone would make. */
async function passwordless__Schema__(): Promise<__Schema__> {
  const __schema__ = await __schema__Fixture(fixture.__context__);
  fixture.db.prepare("UPDATE __table__ SET hashed_password = NULL WHERE id = ?").run(__schema__.id);
  return __schema__;
}

describe("deliver__Schema__LogInInstructions", () => {
  it("mails a link with a 32-byte login token, and stores only its SHA-256", async () => {
    const __schema__ = await confirmed__Schema__();
    const token = await sendMagicLink(__schema__);
    expect(fixture.sent.at(-1)).toMatchObject({ kind: "login", to: __schema__.email });
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const row = fixture.db.prepare("SELECT token_hash, sent_to FROM __table___tokens WHERE context = 'login'").get();
    expect(row).toEqual({ token_hash: createHash("sha256").update(token).digest("hex"), sent_to: __schema__.email });
  });
});

describe("get__Schema__ByMagicLinkToken", () => {
  it(`finds the account a link was sent to, for ${MAGIC_LINK_VALIDITY_IN_MINUTES} minutes, and uses nothing up`, async () => {
    const __schema__ = await confirmed__Schema__();
    const token = await sendMagicLink(__schema__);
    expect(fixture.__context__.get__Schema__ByMagicLinkToken(token)).toEqual(__schema__);
    expect(fixture.__context__.get__Schema__ByMagicLinkToken(token), "looking does not use the link").toEqual(__schema__);
    fixture.advanceClock(MAGIC_LINK_VALIDITY_IN_MINUTES * MINUTE_IN_MS);
    expect(fixture.__context__.get__Schema__ByMagicLinkToken(token)).toBeNull();
  });

  it("finds nobody for a token nobody was sent", async () => {
    await sendMagicLink(await confirmed__Schema__());
    expect(fixture.__context__.get__Schema__ByMagicLinkToken(buildToken().token)).toBeNull();
  });
});

describe("logIn__Schema__ByMagicLink", () => {
  it("logs a confirmed __schema_human__ in, once: the link is single-use", async () => {
    const __schema__ = await confirmed__Schema__();
    const token = await sendMagicLink(__schema__);
    expect(fixture.__context__.logIn__Schema__ByMagicLink(token)).toEqual({ ok: true, __schema__, loginHashes: [] });
    expect(fixture.__context__.logIn__Schema__ByMagicLink(token)).toEqual({ ok: false, reason: "invalid" });
  });

  it(`works for ${MAGIC_LINK_VALIDITY_IN_MINUTES} minutes, and not after`, async () => {
    const __schema__ = await confirmed__Schema__();
    const early = await sendMagicLink(__schema__);
    const late = await sendMagicLink(__schema__);
    fixture.advanceClock(MAGIC_LINK_VALIDITY_IN_MINUTES * MINUTE_IN_MS - 1);
    expect(fixture.__context__.logIn__Schema__ByMagicLink(early).ok, "a link just under the limit still works").toBe(true);
    fixture.advanceClock(1);
    expect(fixture.__context__.logIn__Schema__ByMagicLink(late)).toEqual({ ok: false, reason: "invalid" });
  });

  it("never logs into an unconfirmed account that has a password (the pre-stuffing guard)", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const token = await sendMagicLink(__schema__);
    expect(fixture.__context__.logIn__Schema__ByMagicLink(token)).toEqual({ ok: false, reason: "unconfirmed_with_password" });
    expect(fixture.__context__.get__Schema__(__schema__.id)?.confirmedAt, "the account must stay unconfirmed").toBeNull();
  });

  it("confirms an unconfirmed account without a password, and deletes every other token of it", async () => {
    const __schema__ = await passwordless__Schema__();
    const sessionToken = fixture.__context__.generate__Schema__SessionToken(__schema__);
    await fixture.__context__.deliver__Schema__ConfirmationInstructions(__schema__, testUrl);
    const confirmToken = extract__Schema__Token(fixture.sent, __schema__.email);
    const result = fixture.__context__.logIn__Schema__ByMagicLink(await sendMagicLink(__schema__));
    expect(result.ok && result.__schema__.confirmedAt, "the account should be confirmed").toEqual(expect.any(Number));
    expect(result.ok && result.loginHashes, "the ended session is reported, so its sockets can close").toHaveLength(1);
    expect(fixture.__context__.get__Schema__BySessionToken(sessionToken), "a session from before the link must end").toBeNull();
    expect(fixture.__context__.confirm__Schema__(confirmToken), "an earlier confirmation link must be void").toBeNull();
    expect(fixture.db.prepare("SELECT count(*) FROM __table___tokens").pluck().get()).toBe(0);
  });

  it("refuses a link sent to an address the account no longer has", async () => {
    const __schema__ = await confirmed__Schema__();
    const token = await sendMagicLink(__schema__);
    fixture.db.prepare("UPDATE __table__ SET email = 'moved@example.com' WHERE id = ?").run(__schema__.id);
    expect(fixture.__context__.logIn__Schema__ByMagicLink(token)).toEqual({ ok: false, reason: "invalid" });
  });
});
