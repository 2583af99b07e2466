/**
 * The __Context__ context: __schemas_human__, their passwords and their tokens. The
 * web layer calls only what createAccounts returns; nothing here knows about
 * HTTP, cookies or express. Expected failures come back as values — `null` or
 * `{ ok: false, errors }` — and only bugs and misconfiguration throw.
 *
 *   const __context__ = create__Context__(db, { notifier, bcryptCost, clock });
 *   const __schema__ = await __context__.get__Schema__ByEmailAndPassword(email, password);
 */
import type { Db } from "../database.ts";
import { confirm__Schema__, deliver__Schema__ConfirmationInstructions } from "./confirmation.ts";
// with --devices
import { deleteOther__Schema__SessionTokens, delete__Schema__Device, list__Schema__Devices } from "./devices.ts";
// end --devices
// with --magic-link
import { deliver__Schema__LogInInstructions, get__Schema__ByMagicLinkToken, logIn__Schema__ByMagicLink } from "./magic-link.ts";
// end --magic-link
import { createPasswords, DEFAULT_BCRYPT_COST, MIN_PRODUCTION_BCRYPT_COST, type Passwords } from "./password.ts";
import { get__Schema__ByEmailAndPassword, register__Schema__ } from "./registration.ts";
import { deliver__Schema__ResetPasswordInstructions, get__Schema__ByResetPasswordToken, reset__Schema__Password } from "./reset-password.ts";
import {
  delete__Schema__SessionToken,
  generate__Schema__SessionToken,
  get__Schema__BySessionToken,
  get__Schema__Session,
  reissue__Schema__SessionToken,
} from "./sessions.ts";
// with --sudo
import { is__Schema__InSudoMode } from "./sessions.ts";
// end --sudo
import { apply__Schema__Email, deliver__Schema__UpdateEmailInstructions, update__Schema__Password } from "./settings.ts";
// with --passwordless
import { has__Schema__Password } from "./settings.ts";
// end --passwordless
import { create__Schema__Store, type __Schema__Store } from "./__schema_kebab__-store.ts";
import { to__Schema__, type __Schema__ } from "./__schema_kebab__.ts";

/** Sends the emails; the web layer provides it (auth/__schema_kebab__-notifier.ts), tests capture it. */
export type __Schema__Notifier = {
  deliverConfirmationInstructions(__schema__: __Schema__, url: string): Promise<void>;
  deliverResetPasswordInstructions(__schema__: __Schema__, url: string): Promise<void>;
  deliverUpdateEmailInstructions(__schema__: __Schema__, url: string): Promise<void>;
  // with --magic-link
  deliverLogInInstructions(__schema__: __Schema__, url: string): Promise<void>;
  // end --magic-link
};

/** Builds the link for an emailed token: the web layer knows the routes and the origin. */
export type UrlFor = (token: string) => string;

export type __Context__Options = {
  notifier: __Schema__Notifier;
  bcryptCost?: number;
  production?: boolean;
  clock?: () => number; // ms since the epoch; tests move it to expire tokens
};

/** What every function of the context works with. */
export type __Context__Context = { store: __Schema__Store; passwords: Passwords; notifier: __Schema__Notifier; clock: () => number };

export type __Context__ = ReturnType<typeof create__Context__>;

export function create__Context__(db: Db, options: __Context__Options) {
  const ctx = contextFor(db, options);
  return {
    register__Schema__: bind(register__Schema__, ctx),
    get__Schema__: (id: number) => maybe__Schema__(ctx.store.find__Schema__ById(id)),
    get__Schema__ByEmail: (email: string) => maybe__Schema__(ctx.store.find__Schema__ByEmail(email)),
    get__Schema__ByEmailAndPassword: bind(get__Schema__ByEmailAndPassword, ctx),
    generate__Schema__SessionToken: bind(generate__Schema__SessionToken, ctx),
    get__Schema__BySessionToken: bind(get__Schema__BySessionToken, ctx),
    get__Schema__Session: bind(get__Schema__Session, ctx),
    reissue__Schema__SessionToken: bind(reissue__Schema__SessionToken, ctx),
    delete__Schema__SessionToken: bind(delete__Schema__SessionToken, ctx),
    // with --sudo
    is__Schema__InSudoMode: bind(is__Schema__InSudoMode, ctx),
    // end --sudo
    deliver__Schema__ConfirmationInstructions: bind(deliver__Schema__ConfirmationInstructions, ctx),
    confirm__Schema__: bind(confirm__Schema__, ctx),
    deliver__Schema__ResetPasswordInstructions: bind(deliver__Schema__ResetPasswordInstructions, ctx),
    get__Schema__ByResetPasswordToken: bind(get__Schema__ByResetPasswordToken, ctx),
    reset__Schema__Password: bind(reset__Schema__Password, ctx),
    deliver__Schema__UpdateEmailInstructions: bind(deliver__Schema__UpdateEmailInstructions, ctx),
    apply__Schema__Email: bind(apply__Schema__Email, ctx),
    update__Schema__Password: bind(update__Schema__Password, ctx),
    // with --passwordless
    has__Schema__Password: bind(has__Schema__Password, ctx),
    // end --passwordless
    // with --magic-link
    deliver__Schema__LogInInstructions: bind(deliver__Schema__LogInInstructions, ctx),
    get__Schema__ByMagicLinkToken: bind(get__Schema__ByMagicLinkToken, ctx),
    logIn__Schema__ByMagicLink: bind(logIn__Schema__ByMagicLink, ctx),
    // end --magic-link
    // with --devices
    list__Schema__Devices: bind(list__Schema__Devices, ctx),
    delete__Schema__Device: bind(delete__Schema__Device, ctx),
    deleteOther__Schema__SessionTokens: bind(deleteOther__Schema__SessionTokens, ctx),
    // end --devices
  };
}

function contextFor(db: Db, options: __Context__Options): __Context__Context {
  const cost = options.bcryptCost ?? DEFAULT_BCRYPT_COST;
  if (options.production && cost < MIN_PRODUCTION_BCRYPT_COST) {
    throw new Error(`bcryptCost ${cost} is for tests only: production needs at least ${MIN_PRODUCTION_BCRYPT_COST}`);
  }
  const clock = options.clock ?? Date.now;
  return { store: create__Schema__Store(db), passwords: createPasswords(cost), notifier: options.notifier, clock };
}

function maybe__Schema__(row: Parameters<typeof to__Schema__>[0] | undefined): __Schema__ | null {
  return row ? to__Schema__(row) : null;
}

// Each function takes the context first; the factory hands it in once.
function bind<A extends unknown[], R>(fn: (ctx: __Context__Context, ...args: A) => R, ctx: __Context__Context) {
  return (...args: A): R => fn(ctx, ...args);
}
