/**
 * The session id in an express-session cookie (`s:<id>.<HMAC>`), read the way
 * express-session reads it: the signature must match the app's secret, or
 * there is no id. The socket's upgrade uses it to find the session its page
 * was rendered with (handoff.ts) without asking the store.
 */
import { unsign } from "cookie-signature";
import { readCookie } from "./cookies.ts";

export function sessionIdFromCookie(cookieHeader: string | undefined, cookieName: string, secret: string): string | null {
  const value = readCookie(cookieHeader, cookieName);
  if (!value?.startsWith("s:")) return null;
  const id = unsign(value.slice(2), secret);
  return id === false ? null : id;
}
