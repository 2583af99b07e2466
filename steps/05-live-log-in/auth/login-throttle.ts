/**
 * Rate limits for log-in, for endpoints that send email, and for endpoints
 * that check emailed tokens (express-rate-limit). They count on the app's
 * clock, so tests step past a window instead of waiting for it.
 */
import type { Request, RequestHandler, Response } from "express";
import rateLimit, { type IncrementResponse, type Options, type Store } from "express-rate-limit";
import { html } from "#live";
import { renderPage } from "../layout.ts";

const MINUTE_IN_MS = 60_000;
// Only failed log-ins count. Per account: slows guessing one password from many addresses.
export const LOG_IN_FAILURES_PER_ACCOUNT = 5;
// Per IP: slows trying one common password against many accounts.
export const LOG_IN_FAILURES_PER_IP = 20;
export const LOG_IN_WINDOW_IN_MS = 15 * MINUTE_IN_MS;
// Per address: nobody can flood one inbox with reset or confirmation emails.
export const EMAILS_PER_ADDRESS = 5;
export const EMAILS_PER_IP = 50;
export const EMAIL_WINDOW_IN_MS = 15 * MINUTE_IN_MS;
// Tokens are 256 random bits, so guessing is hopeless anyway; this stops floods of lookups.
export const TOKEN_CHECKS_PER_IP = 50;
export const TOKEN_WINDOW_IN_MS = 15 * MINUTE_IN_MS;

// What a throttled log-in is told, on the 429 page and in the live form.
export const TOO_MANY_ATTEMPTS = "Too many attempts. Please wait a few minutes and try again.";

type Clock = () => number;

export type LogInThrottle = {
  /** For POST /users/log-in: per IP, then per account. */
  middleware: RequestHandler[];
  /** Whether the next log-in for this email would be refused: the live form asks before it submits. */
  isAccountThrottled(email: string): boolean;
};

/** Per IP, then per account; a successful log-in (a redirect) is not counted. */
export function createLogInThrottle(clock: Clock): LogInThrottle {
  const onlyFailures = { skipSuccessfulRequests: true, requestWasSuccessful: (_req: Request, res: Response) => res.statusCode === 302 };
  const perAccount = new ClockStore(clock);
  return {
    middleware: [
      throttle(clock, { limit: LOG_IN_FAILURES_PER_IP, windowMs: LOG_IN_WINDOW_IN_MS, ...onlyFailures }),
      throttle(clock, {
        limit: LOG_IN_FAILURES_PER_ACCOUNT,
        windowMs: LOG_IN_WINDOW_IN_MS,
        keyGenerator: emailKey,
        store: perAccount,
        ...onlyFailures,
      }),
    ],
    isAccountThrottled: (email) => perAccount.hitsFor(accountKey(email)) >= LOG_IN_FAILURES_PER_ACCOUNT,
  };
}

/** For every endpoint that sends an email to the address in the form. */
export function emailThrottle(clock: Clock): RequestHandler[] {
  return [
    throttle(clock, { limit: EMAILS_PER_IP, windowMs: EMAIL_WINDOW_IN_MS }),
    throttle(clock, { limit: EMAILS_PER_ADDRESS, windowMs: EMAIL_WINDOW_IN_MS, keyGenerator: emailKey }),
  ];
}

/** For every endpoint that looks up an emailed token. */
export function tokenThrottle(clock: Clock): RequestHandler {
  return throttle(clock, { limit: TOKEN_CHECKS_PER_IP, windowMs: TOKEN_WINDOW_IN_MS });
}

function emailKey(req: Request): string {
  return accountKey(req.body?.email);
}

function accountKey(email: unknown): string {
  return `email:${typeof email === "string" ? email.trim().toLowerCase() : ""}`;
}

function throttle(clock: Clock, options: Partial<Options>): RequestHandler {
  return rateLimit({
    ...options,
    store: options.store ?? new ClockStore(clock),
    standardHeaders: false,
    legacyHeaders: false,
    handler(req, res) {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      if (resetTime) res.set("Retry-After", String(Math.max(1, Math.ceil((resetTime.getTime() - clock()) / 1000))));
      res.status(429);
      renderPage(req, res, "Too many attempts", html`<h1>Too many attempts</h1><p>Please wait a few minutes and try again.</p>`);
    },
  });
}

/** express-rate-limit's store interface, in memory, on the given clock. */
class ClockStore implements Store {
  readonly localKeys = true;
  #windowMs = MINUTE_IN_MS;
  #hits = new Map<string, { totalHits: number; resetTime: Date }>();

  constructor(private readonly clock: Clock) {}

  init(options: Options) {
    this.#windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = this.clock();
    if (this.#hits.size > 10_000) this.#forgetExpired(now); // keys come from forms: keep the map bounded
    let entry = this.#hits.get(key);
    if (!entry || entry.resetTime.getTime() <= now) {
      entry = { totalHits: 0, resetTime: new Date(now + this.#windowMs) };
      this.#hits.set(key, entry);
    }
    entry.totalHits += 1;
    return { ...entry };
  }

  /** Hits counted for this key in its current window (0 once the window has passed). */
  hitsFor(key: string): number {
    const entry = this.#hits.get(key);
    return entry && entry.resetTime.getTime() > this.clock() ? entry.totalHits : 0;
  }

  async decrement(key: string) {
    const entry = this.#hits.get(key);
    if (entry && entry.totalHits > 0) entry.totalHits -= 1;
  }

  async resetKey(key: string) {
    this.#hits.delete(key);
  }

  #forgetExpired(now: number) {
    for (const [key, entry] of this.#hits) if (entry.resetTime.getTime() <= now) this.#hits.delete(key);
  }
}
