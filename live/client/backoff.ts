/**
 * Reconnect delays: exponential backoff with jitter, so that a restarted
 * server is not hit by every open tab at the same instant.
 */

const RETRY_BASE_DELAY_MS = 200; // first retry: quick enough that a blip goes unnoticed
const RETRY_MAX_DELAY_MS = 10_000; // a tab left open on a dead server retries every ~10 s

export class Backoff {
  private attempts = 0;

  /** The delay before the next attempt; each call doubles the next one. */
  nextDelayMs(): number {
    const ceiling = Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** this.attempts);
    this.attempts += 1;
    // "Equal jitter": half the delay is fixed, half is random.
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  reset(): void {
    this.attempts = 0;
  }
}
