import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DAY_IN_MS, SUDO_MODE_VALIDITY_IN_MINUTES } from "./__schema_kebab__-token.ts";
import { __context__Fixture, __schema__Fixture } from "./__context_kebab__-fixtures.ts";

const MINUTE_IN_MS = 60 * 1000;

let fixture: ReturnType<typeof __context__Fixture>;
beforeEach(() => {
  fixture = __context__Fixture();
});
afterEach(() => fixture.close());

describe("get__Schema__Session's sudoMode", () => {
  it(`is on for ${SUDO_MODE_VALIDITY_IN_MINUTES} minutes after the log-in, then off`, async () => {
    const token = fixture.__context__.generate__Schema__SessionToken(await __schema__Fixture(fixture.__context__));
    expect(fixture.__context__.get__Schema__Session(token)?.sudoMode).toBe(true);
    fixture.advanceClock(SUDO_MODE_VALIDITY_IN_MINUTES * MINUTE_IN_MS - 1);
    expect(fixture.__context__.get__Schema__Session(token)?.sudoMode).toBe(true);
    fixture.advanceClock(1);
    expect(fixture.__context__.get__Schema__Session(token)?.sudoMode).toBe(false);
  });

  it("is not renewed by a reissued token: the log-in's time counts", async () => {
    const token = fixture.__context__.generate__Schema__SessionToken(await __schema__Fixture(fixture.__context__));
    fixture.advanceClock(7 * DAY_IN_MS);
    const reissued = fixture.__context__.reissue__Schema__SessionToken(token)!;
    expect(fixture.__context__.get__Schema__Session(reissued)?.sudoMode).toBe(false);
  });
});
