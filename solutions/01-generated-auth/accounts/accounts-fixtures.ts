/**
 * Fixtures for the tests of the Accounts context: a context on a fresh
 * in-memory SQLite database, a clock the test moves, and the emails it sent.
 */
import { randomBytes } from "node:crypto";
import { migrate, openDatabase } from "../database.ts";
import { createAccounts, type Accounts, type AccountsOptions, type UserNotifier } from "./accounts.ts";
import type { User } from "./user.ts";

export const TEST_BCRYPT_COST = 4; // bcrypt's minimum: tests hash a lot
export const VALID_PASSWORD = "hello world!";
const START_TIME_IN_MS = Date.UTC(2030, 0, 1);

export type SentEmail = { kind: "confirm" | "reset_password" | "update_email"; to: string; url: string };

export function uniqueUserEmail(): string {
  return `user-${randomBytes(6).toString("hex")}@example.com`;
}

/** Links in tests are plain: the token is the last path segment. */
export const testUrl = (token: string) => `https://app.test/token/${token}`;

export function capturingNotifier(sent: SentEmail[]): UserNotifier {
  const record = (kind: SentEmail["kind"]) => async (user: User, url: string) => void sent.push({ kind, to: user.email, url });
  return {
    deliverConfirmationInstructions: record("confirm"),
    deliverResetPasswordInstructions: record("reset_password"),
    deliverUpdateEmailInstructions: record("update_email"),
  };
}

export function accountsFixture(options: Partial<AccountsOptions> = {}) {
  const db = openDatabase(":memory:");
  migrate(db);
  let now = START_TIME_IN_MS;
  const sent: SentEmail[] = [];
  const accounts = createAccounts(db, { notifier: capturingNotifier(sent), bcryptCost: TEST_BCRYPT_COST, clock: () => now, ...options });
  return { db, accounts, sent, advanceClock: (ms: number) => {
      now += ms;
    }, close: () => db.close() };
}

export async function userFixture(accounts: Accounts, attrs: { email?: string; password?: string } = {}): Promise<User> {
  const result = await accounts.registerUser({ email: uniqueUserEmail(), password: VALID_PASSWORD, ...attrs });
  if (!result.ok) throw new Error(`userFixture: registration failed: ${JSON.stringify(result.errors)}`);
  return result.user;
}

/** The token from the last link sent to `to`. */
export function extractUserToken(sent: SentEmail[], to?: string): string {
  const email = sent.filter((each) => to === undefined || each.to === to).at(-1);
  if (!email) throw new Error(`no email was sent${to ? ` to ${to}` : ""}`);
  return email.url.split("/").at(-1)!;
}
