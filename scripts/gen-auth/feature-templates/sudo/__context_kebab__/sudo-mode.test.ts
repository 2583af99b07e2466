import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DAY_IN_MS, SUDO_MODE_VALIDITY_IN_MINUTES } from "./__schema_kebab__-token.ts";
import { __context__Fixture, __schema__Fixture } from "./__context_kebab__-fixtures.ts";

const MINUTE_IN_MS = 60 * 1000;

let fixture: ReturnType<typeof __context__Fixture>;
beforeEach(() => {
  fixture = __context__Fixture();
});
afterEach(() => fixture.close());

async function logIn() {
  const token = fixture.__context__.generate__Schema__SessionToken(await __schema__Fixture(fixture.__context__));
  return { token, authenticatedAt: fixture.__context__.get__Schema__Session(token)!.authenticatedAt };
}

describe("is__Schema__InSudoMode", () => {
  it(`is true for ${SUDO_MODE_VALIDITY_IN_MINUTES} minutes after the log-in, then false`, async () => {
    const { authenticatedAt } = await logIn();
    expect(fixture.__context__.is__Schema__InSudoMode(authenticatedAt)).toBe(true);
    fixture.advanceClock(SUDO_MODE_VALIDITY_IN_MINUTES * MINUTE_IN_MS - 1);
    expect(fixture.__context__.is__Schema__InSudoMode(authenticatedAt)).toBe(true);
    fixture.advanceClock(1);
    expect(fixture.__context__.is__Schema__InSudoMode(authenticatedAt)).toBe(false);
  });

  it("takes a shorter window when asked (the live hook asks for 10 minutes)", async () => {
    const { authenticatedAt } = await logIn();
    fixture.advanceClock(10 * MINUTE_IN_MS);
    expect(fixture.__context__.is__Schema__InSudoMode(authenticatedAt, 10)).toBe(false);
    expect(fixture.__context__.is__Schema__InSudoMode(authenticatedAt)).toBe(true);
  });

  it("is false with no log-in time", () => {
    expect(fixture.__context__.is__Schema__InSudoMode(null)).toBe(false);
  });

  it("is not renewed by a reissued token: the log-in's time counts", async () => {
    const { token } = await logIn();
    fixture.advanceClock(7 * DAY_IN_MS);
    const reissued = fixture.__context__.reissue__Schema__SessionToken(token)!;
    expect(fixture.__context__.is__Schema__InSudoMode(fixture.__context__.get__Schema__Session(reissued)?.authenticatedAt)).toBe(false);
  });
});
