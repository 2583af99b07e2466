import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { extract__Schema__Token, __context__Fixture, __schema__Fixture, testUrl, unique__Schema__Email, VALID_PASSWORD } from "./__context_kebab__-fixtures.ts";

const NEW_PASSWORD = "a password set later, quite long";
const setPassword = (currentPassword = "") => ({ password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD, currentPassword });

let fixture: ReturnType<typeof __context__Fixture>;
beforeEach(() => {
  fixture = __context__Fixture();
});
afterEach(() => fixture.close());

async function registerByEmail() {
  const result = await fixture.__context__.register__Schema__({ email: unique__Schema__Email() });
  if (!result.ok) throw new Error(`registration failed: ${JSON.stringify(result.errors)}`);
  return result.__schema__;
}

describe("register__Schema__ with an email only", () => {
  it("stores no password, so no password logs in", async () => {
    const __schema__ = await registerByEmail();
    const row = fixture.db.prepare("SELECT hashed_password FROM __table__ WHERE id = ?").get(__schema__.id) as { hashed_password: string | null };
    expect(row.hashed_password).toBeNull();
    expect(fixture.__context__.has__Schema__Password(__schema__)).toBe(false);
    expect(await fixture.__context__.get__Schema__ByEmailAndPassword(__schema__.email, "")).toBeNull();
  });

  it("still checks the email", async () => {
    expect(await fixture.__context__.register__Schema__({ email: "not an email" })).toEqual({
      ok: false,
      errors: { email: "must have the @ sign and no spaces" },
    });
  });

  it("is confirmed by its first magic link, which logs it in", async () => {
    const __schema__ = await registerByEmail();
    await fixture.__context__.deliver__Schema__LogInInstructions(__schema__, testUrl);
    const result = fixture.__context__.logIn__Schema__ByMagicLink(extract__Schema__Token(fixture.sent, __schema__.email));
    expect(result.ok && result.__schema__.confirmedAt).toEqual(expect.any(Number));
  });
});

describe("update__Schema__Password for an account without a password", () => {
  it("sets one without asking for a current password (sudo mode guards the settings)", async () => {
    const __schema__ = await registerByEmail();
    expect((await fixture.__context__.update__Schema__Password(__schema__, setPassword())).ok).toBe(true);
    expect(fixture.__context__.has__Schema__Password(__schema__)).toBe(true);
    expect(await fixture.__context__.get__Schema__ByEmailAndPassword(__schema__.email, NEW_PASSWORD)).toEqual(__schema__);
  });

  it("asks for the current password once there is one", async () => {
    const __schema__ = await __schema__Fixture(fixture.__context__);
    const result = await fixture.__context__.update__Schema__Password(__schema__, setPassword());
    expect(result).toEqual({ ok: false, errors: { current_password: "is not valid" } });
    expect((await fixture.__context__.update__Schema__Password(__schema__, setPassword(VALID_PASSWORD))).ok).toBe(true);
  });
});
