/**
 * Fixtures for the tests of the __Context__ context: a context on a fresh
 * in-memory SQLite database, a clock the test moves, and the emails it sent.
 */
import { randomBytes } from "node:crypto";
import { migrate, openDatabase } from "../database.ts";
import { create__Context__, type __Context__, type __Context__Options, type __Schema__Notifier } from "./__context_kebab__.ts";
import type { __Schema__ } from "./__schema_kebab__.ts";

export const TEST_BCRYPT_COST = 4; // bcrypt's minimum: tests hash a lot
export const VALID_PASSWORD = "hello world!";
const START_TIME_IN_MS = Date.UTC(2030, 0, 1);

// with --magic-link
export type SentEmail = { kind: "confirm" | "reset_password" | "update_email" | "login"; to: string; url: string };
// without --magic-link
export type SentEmail = { kind: "confirm" | "reset_password" | "update_email"; to: string; url: string };
// end --magic-link

export function unique__Schema__Email(): string {
  return `__schema_kebab__-${randomBytes(6).toString("hex")}@example.com`;
}

/** Links in tests are plain: the token is the last path segment. */
export const testUrl = (token: string) => `https://app.test/token/${token}`;

export function capturingNotifier(sent: SentEmail[]): __Schema__Notifier {
  const record = (kind: SentEmail["kind"]) => async (__schema__: __Schema__, url: string) => void sent.push({ kind, to: __schema__.email, url });
  return {
    deliverConfirmationInstructions: record("confirm"),
    deliverResetPasswordInstructions: record("reset_password"),
    deliverUpdateEmailInstructions: record("update_email"),
    // with --magic-link
    deliverLogInInstructions: record("login"),
    // end --magic-link
  };
}

export function __context__Fixture(options: Partial<__Context__Options> = {}) {
  const db = openDatabase(":memory:");
  migrate(db);
  let now = START_TIME_IN_MS;
  const sent: SentEmail[] = [];
  const __context__ = create__Context__(db, { notifier: capturingNotifier(sent), bcryptCost: TEST_BCRYPT_COST, clock: () => now, ...options });
  return { db, __context__, sent, advanceClock: (ms: number) => {
      now += ms;
    }, close: () => db.close() };
}

export async function __schema__Fixture(__context__: __Context__, attrs: { email?: string; password?: string } = {}): Promise<__Schema__> {
  const result = await __context__.register__Schema__({ email: unique__Schema__Email(), password: VALID_PASSWORD, ...attrs });
  if (!result.ok) throw new Error(`__schema__Fixture: registration failed: ${JSON.stringify(result.errors)}`);
  return result.__schema__;
}

/** The token from the last link sent to `to`. */
export function extract__Schema__Token(sent: SentEmail[], to?: string): string {
  const email = sent.filter((each) => to === undefined || each.to === to).at(-1);
  if (!email) throw new Error(`no email was sent${to ? ` to ${to}` : ""}`);
  return email.url.split("/").at(-1)!;
}
