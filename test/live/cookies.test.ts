/**
 * readCookie: the one cookie reader of the runtime, the app and the generated
 * auth. Includes headers the HTTP layer would refuse (raw control characters),
 * because readCookie must not rely on that. SECURITY.md item 34.
 */
import { describe, expect, it } from "vitest";
import { readCookie } from "../../live/index.ts";

describe("readCookie", () => {
  it.each([
    ["a plain value", "a=1; live_flash=abc.def; b=2", "abc.def"],
    ["a %-encoded value, decoded", "live_flash=s%3Aabc%20def", "s:abc def"],
    ["the first of two cookies with the same name", "live_flash=first; live_flash=second", "first"],
    ["an empty value as the empty string", "live_flash=", ""],
    ["a value with = inside", "live_flash=a=b=c", "a=b=c"],
    ["a value with spaces around it, trimmed", "live_flash=  abc  ; x=1", "abc"],
    ["a quoted value as written", 'live_flash="abc"', '"abc"'],
    ["a very long value", `live_flash=${"a".repeat(10_000)}`, "a".repeat(10_000)],
  ])("reads %s", (_label, header, expected) => {
    expect(readCookie(header, "live_flash")).toBe(expected);
  });

  it.each([
    ["no header", undefined],
    ["an empty header", ""],
    ["a header of only ;;;", ";;;"],
    ["a header of only =", "="],
    ["another cookie only", "live_flash_other=1"],
    ["the name without =", "live_flash"],
    ["broken %-encoding", "live_flash=%E0%A4%A.x"],
    ["a lone %", "live_flash=%"],
    ["an encoded lone surrogate", "live_flash=%ED%A0%80"],
    ["a broken first cookie before a good one of the same name", "live_flash=%E0; live_flash=good"],
  ])("reads %s as absent (null)", (_label, header) => {
    expect(readCookie(header, "live_flash")).toBeNull();
  });

  it("never throws, whatever the header holds", () => {
    const headers = ["\u0000=\u0001", "live_flash=\u0001\u007f%", `live_flash=${"%".repeat(5000)}`, "; =; ==; ;=;", "live_flash=\ud800"];
    for (const header of headers) expect(() => readCookie(header, "live_flash"), JSON.stringify(header)).not.toThrow();
  });

  it("does not read prototype keys as cookies", () => {
    expect(readCookie("a=1", "__proto__")).toBeNull();
    expect(readCookie("a=1", "constructor")).toBeNull();
    expect(readCookie("a=1", "toString")).toBeNull();
  });
});
