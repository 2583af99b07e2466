/**
 * The Accounts context: users, their passwords and their tokens. The
 * web layer calls only what createAccounts returns; nothing here knows about
 * HTTP, cookies or express. Expected failures come back as values — `null` or
 * `{ ok: false, errors }` — and only bugs and misconfiguration throw.
 *
 *   const accounts = createAccounts(db, { notifier, bcryptCost, clock });
 *   const user = await accounts.getUserByEmailAndPassword(email, password);
 */
import type { Db } from "../database.ts";
import { confirmUser, deliverUserConfirmationInstructions } from "./confirmation.ts";
import { createPasswords, DEFAULT_BCRYPT_COST, MIN_PRODUCTION_BCRYPT_COST, type Passwords } from "./password.ts";
import { getUserByEmailAndPassword, registerUser } from "./registration.ts";
import { deliverUserResetPasswordInstructions, getUserByResetPasswordToken, resetUserPassword } from "./reset-password.ts";
import {
  deleteOtherUserSessionTokens,
  deleteUserSessionToken,
  generateUserSessionToken,
  getUserBySessionToken,
  getUserSession,
  reissueUserSessionToken,
} from "./sessions.ts";
import { applyUserEmail, deliverUserUpdateEmailInstructions, updateUserPassword } from "./settings.ts";
import { createUserStore, type UserStore } from "./user-store.ts";
import { toUser, type User } from "./user.ts";

/** Sends the emails; the web layer provides it (auth/user-notifier.ts), tests capture it. */
export type UserNotifier = {
  deliverConfirmationInstructions(user: User, url: string): Promise<void>;
  deliverResetPasswordInstructions(user: User, url: string): Promise<void>;
  deliverUpdateEmailInstructions(user: User, url: string): Promise<void>;
};

/** Builds the link for an emailed token: the web layer knows the routes and the origin. */
export type UrlFor = (token: string) => string;

export type AccountsOptions = {
  notifier: UserNotifier;
  bcryptCost?: number;
  production?: boolean;
  clock?: () => number; // ms since the epoch; tests move it to expire tokens
};

/** What every function of the context works with. */
export type AccountsContext = { store: UserStore; passwords: Passwords; notifier: UserNotifier; clock: () => number };

export type Accounts = ReturnType<typeof createAccounts>;

export function createAccounts(db: Db, options: AccountsOptions) {
  const ctx = contextFor(db, options);
  return {
    registerUser: bind(registerUser, ctx),
    getUser: (id: number) => maybeUser(ctx.store.findUserById(id)),
    getUserByEmail: (email: string) => maybeUser(ctx.store.findUserByEmail(email)),
    getUserByEmailAndPassword: bind(getUserByEmailAndPassword, ctx),
    generateUserSessionToken: bind(generateUserSessionToken, ctx),
    getUserBySessionToken: bind(getUserBySessionToken, ctx),
    getUserSession: bind(getUserSession, ctx),
    reissueUserSessionToken: bind(reissueUserSessionToken, ctx),
    deleteUserSessionToken: bind(deleteUserSessionToken, ctx),
    deleteOtherUserSessionTokens: bind(deleteOtherUserSessionTokens, ctx),
    deliverUserConfirmationInstructions: bind(deliverUserConfirmationInstructions, ctx),
    confirmUser: bind(confirmUser, ctx),
    deliverUserResetPasswordInstructions: bind(deliverUserResetPasswordInstructions, ctx),
    getUserByResetPasswordToken: bind(getUserByResetPasswordToken, ctx),
    resetUserPassword: bind(resetUserPassword, ctx),
    deliverUserUpdateEmailInstructions: bind(deliverUserUpdateEmailInstructions, ctx),
    applyUserEmail: bind(applyUserEmail, ctx),
    updateUserPassword: bind(updateUserPassword, ctx),
  };
}

function contextFor(db: Db, options: AccountsOptions): AccountsContext {
  const cost = options.bcryptCost ?? DEFAULT_BCRYPT_COST;
  if (options.production && cost < MIN_PRODUCTION_BCRYPT_COST) {
    throw new Error(`bcryptCost ${cost} is for tests only: production needs at least ${MIN_PRODUCTION_BCRYPT_COST}`);
  }
  const clock = options.clock ?? Date.now;
  return { store: createUserStore(db), passwords: createPasswords(cost), notifier: options.notifier, clock };
}

function maybeUser(row: Parameters<typeof toUser>[0] | undefined): User | null {
  return row ? toUser(row) : null;
}

// Each function takes the context first; the factory hands it in once.
function bind<A extends unknown[], R>(fn: (ctx: AccountsContext, ...args: A) => R, ctx: AccountsContext) {
  return (...args: A): R => fn(ctx, ...args);
}
