/**
 * THE FLASH CARRIER — NOT WIRED INTO THE APP. Kept for comparison (lesson 05).
 *
 * The 2019 workaround for "a socket cannot set a cookie": the socket seals the
 * user id into an encrypted flash, sends the browser a redirect, and the
 * browser carries the sealed payload in a cookie to an HTTP route that opens
 * it and logs the user in. This app logs in with trigger-action instead
 * (views/log-in-live.ts); the step 05 checker runs this module to show why:
 *   - a sealed payload works for anyone who holds it until it expires, so a
 *     copied cookie logs in again, unless each payload carries a nonce that
 *     the server remembers and takes once (the `nonces` option);
 *   - it rides in a cookie, and browsers drop a cookie over about 4 KB;
 *   - it only works through the redirect: the log-in happens on whatever GET
 *     request presents the cookie, where the CSRF check does not run.
 *
 * Sealed format: base64url(iv 12 bytes | tag 16 bytes | AES-256-GCM ciphertext).
 * GCM authenticates as it encrypts: a payload changed by one bit fails to open,
 * so it is signed and secret at once. The key is derived from the app secret.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

export const CARRIER_COOKIE = "live_auth_carrier";
export const CARRIER_VALIDITY_IN_MS = 60_000; // long enough to follow one redirect
// RFC 6265 asks browsers to keep cookies of at least 4096 bytes (name, value and
// attributes); most drop a larger Set-Cookie line without a word.
export const COOKIE_SIZE_LIMIT_IN_BYTES = 4096;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type CarrierPayload = { userId: number; returnTo: string };
type Sealed = CarrierPayload & { expiresAt: number; nonce: string | null };

/** Remembers the nonces it issued until they are taken once, or expire. */
export class SingleUseNonces {
  readonly #expiry = new Map<string, number>();

  constructor(private readonly clock: () => number) {}

  issue(expiresAt: number): string {
    const nonce = randomBytes(16).toString("base64url");
    this.#expiry.set(nonce, expiresAt);
    return nonce;
  }

  /** True the first time a live nonce is taken; false ever after. */
  take(nonce: string): boolean {
    const expiresAt = this.#expiry.get(nonce);
    this.#expiry.delete(nonce);
    return expiresAt !== undefined && expiresAt > this.clock();
  }
}

export type FlashCarrierOptions = { clock?: () => number; nonces?: SingleUseNonces };

export function createFlashCarrier(secret: string, { clock = Date.now, nonces }: FlashCarrierOptions = {}) {
  const key = Buffer.from(hkdfSync("sha256", secret, "", "live-auth flash carrier", 32));

  /** Encrypts the payload for one trip through a redirect. */
  function seal(payload: CarrierPayload): string {
    const expiresAt = clock() + CARRIER_VALIDITY_IN_MS;
    const sealed: Sealed = { ...payload, expiresAt, nonce: nonces ? nonces.issue(expiresAt) : null };
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(sealed), "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  /** The payload, or null: tampered, expired, or (with nonces) presented before. */
  function open(token: string): CarrierPayload | null {
    const bytes = Buffer.from(token, "base64url");
    if (bytes.length <= IV_BYTES + TAG_BYTES) return null;
    let sealed: Sealed;
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
      sealed = JSON.parse(text) as Sealed;
    } catch {
      return null; // a wrong key or a changed byte fails the GCM tag
    }
    if (sealed.expiresAt <= clock()) return null;
    if (nonces && (sealed.nonce === null || !nonces.take(sealed.nonce))) return null;
    return { userId: sealed.userId, returnTo: sealed.returnTo };
  }

  return { seal, open };
}

export type FlashCarrier = ReturnType<typeof createFlashCarrier>;

/** The Set-Cookie line that carries a sealed payload. */
export function carrierCookieLine(token: string): string {
  return `${CARRIER_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${CARRIER_VALIDITY_IN_MS / 1000}`;
}

/** The Set-Cookie line, or null when it is too big for a browser to keep. */
export function carrierSetCookie(token: string): string | null {
  const line = carrierCookieLine(token);
  return Buffer.byteLength(line) > COOKIE_SIZE_LIMIT_IN_BYTES ? null : line;
}
