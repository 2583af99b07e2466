/**
 * Reading a cookie. Every cookie the runtime, the app and the generated auth
 * code read goes through `readCookie`: one parser (the `cookie` package's) and
 * one rule. Cookies are outside input — any other app on localhost can set
 * one for us — so a value that is not valid %-encoding is absent, never an
 * exception (a URIError here used to be a 500 on every request).
 */
import { parse } from "cookie";

/** The decoded value of the first cookie called `name`, or null when there is none or it does not decode. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  // Raw values, decoded below. `parse`'s own decoder hands back an undecodable value as written; one that
  // fails to `undefined` would let a later cookie of the same name take the first one's place (parse keeps
  // the first, as express-session does, and a second parser disagreeing on which one counts is a bug).
  const raw = parse(header, { decode: (value) => value })[name];
  return raw === undefined ? null : decodeOrNull(raw);
}

// Absent, not the raw text: we write every cookie with encodeURIComponent, so a value that does not decode
// is not one of ours. Handing it on as if it were would make each reader (a signature check, the flash)
// decide what a half-decoded value means; null is the answer every reader already handles.
function decodeOrNull(value: string): string | null {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
