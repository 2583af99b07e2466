import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LAST_USED_PRECISION_IN_MINUTES } from "./devices.ts";
import { DAY_IN_MS, SESSION_VALIDITY_IN_DAYS } from "./__schema_kebab__-token.ts";
import { __context__Fixture, __schema__Fixture } from "./__context_kebab__-fixtures.ts";

const MINUTE_IN_MS = 60 * 1000;

let fixture: ReturnType<typeof __context__Fixture>;
beforeEach(() => {
  fixture = __context__Fixture();
});
afterEach(() => fixture.close());

/** A __schema_human__ logged in on two devices (laptop first), and a stranger logged in once. */
async function twoDevices() {
  const { __context__ } = fixture;
  const __schema__ = await __schema__Fixture(__context__);
  const laptop = __context__.generate__Schema__SessionToken(__schema__);
  fixture.advanceClock(MINUTE_IN_MS);
  const phone = __context__.generate__Schema__SessionToken(__schema__);
  const stranger = __context__.generate__Schema__SessionToken(await __schema__Fixture(__context__));
  return { __schema__, laptop, phone, stranger };
}

describe("list__Schema__Devices", () => {
  it("lists each log-in of the __schema_human__ once, marks the one asking, and shows nobody else's", async () => {
    const { __schema__, laptop } = await twoDevices();
    const devices = fixture.__context__.list__Schema__Devices(__schema__, laptop);
    expect(devices).toHaveLength(2);
    expect(devices.filter((device) => device.current)).toHaveLength(1);
    expect(devices.find((device) => device.current)?.loggedInAt, "the laptop logged in a minute before the phone").toBe(
      Math.min(...devices.map((device) => device.loggedInAt)),
    );
  });

  it("leaves out expired log-ins", async () => {
    const { __schema__, laptop } = await twoDevices();
    fixture.advanceClock(SESSION_VALIDITY_IN_DAYS * DAY_IN_MS);
    expect(fixture.__context__.list__Schema__Devices(__schema__, laptop)).toEqual([]);
  });

  it("keeps one entry for a log-in whose token was reissued", async () => {
    const { __schema__, laptop } = await twoDevices();
    fixture.advanceClock(7 * DAY_IN_MS);
    const reissued = fixture.__context__.reissue__Schema__SessionToken(laptop)!;
    const devices = fixture.__context__.list__Schema__Devices(__schema__, reissued);
    expect(devices).toHaveLength(2);
    expect(devices.filter((device) => device.current)).toHaveLength(1);
  });
});

describe("the last-used time", () => {
  it(`is written at most once per ${LAST_USED_PRECISION_IN_MINUTES} minutes, so most requests write nothing`, async () => {
    const { __schema__, phone } = await twoDevices();
    const lastUsed = () => fixture.__context__.list__Schema__Devices(__schema__, phone).find((device) => device.current)!.lastUsedAt;
    const loggedInAt = lastUsed();
    fixture.advanceClock(LAST_USED_PRECISION_IN_MINUTES * MINUTE_IN_MS - 1);
    fixture.__context__.get__Schema__Session(phone);
    expect(lastUsed(), "a use within the hour records nothing").toBe(loggedInAt);
    fixture.advanceClock(1);
    fixture.__context__.get__Schema__Session(phone);
    expect(lastUsed(), "a use an hour on is recorded").toBe(loggedInAt + LAST_USED_PRECISION_IN_MINUTES * MINUTE_IN_MS);
  });
});

describe("delete__Schema__Device", () => {
  it("logs out that device only, and returns its login hash for closing its sockets", async () => {
    const { __schema__, laptop, phone } = await twoDevices();
    const phoneDevice = fixture.__context__.list__Schema__Devices(__schema__, laptop).find((device) => !device.current)!;
    expect(fixture.__context__.delete__Schema__Device(__schema__, phoneDevice.id)).toMatch(/^[0-9a-f]{64}$/);
    expect(fixture.__context__.get__Schema__BySessionToken(phone)).toBeNull();
    expect(fixture.__context__.get__Schema__BySessionToken(laptop)?.id).toBe(__schema__.id);
  });

  it("cannot log out another __schema_human__'s device", async () => {
    const { __schema__, stranger } = await twoDevices();
    const strangerUser = fixture.__context__.get__Schema__BySessionToken(stranger)!;
    const strangersDevice = fixture.__context__.list__Schema__Devices(strangerUser, stranger)[0]!;
    expect(fixture.__context__.delete__Schema__Device(__schema__, strangersDevice.id)).toBeNull();
    expect(fixture.__context__.get__Schema__BySessionToken(stranger), "the stranger stays logged in").not.toBeNull();
  });
});

describe("deleteOther__Schema__SessionTokens", () => {
  it("logs out every other device of the __schema_human__, keeps this one and everyone else's", async () => {
    const { __schema__, laptop, phone, stranger } = await twoDevices();
    expect(fixture.__context__.deleteOther__Schema__SessionTokens(__schema__, laptop)).toHaveLength(1);
    expect(fixture.__context__.get__Schema__BySessionToken(phone)).toBeNull();
    expect(fixture.__context__.get__Schema__BySessionToken(laptop)).not.toBeNull();
    expect(fixture.__context__.get__Schema__BySessionToken(stranger)).not.toBeNull();
  });
});
