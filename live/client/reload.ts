/**
 * Reloading the page is how the client recovers from a stale or forged view
 * token, a log-out or a refused CSRF token: the server renders a fresh page.
 * A server that keeps refusing would make that a reload loop, so we reload
 * at most once per RELOAD_GUARD_WINDOW_MS, remembered across page loads.
 */

const RELOAD_GUARD_WINDOW_MS = 10_000;
const RELOADED_AT_KEY = "live:reloaded-at";

/** Reloads and returns true, or returns false if we reloaded too recently. */
export function reloadOnce(): boolean {
  const now = Date.now();
  try {
    const last = Number(sessionStorage.getItem(RELOADED_AT_KEY));
    if (Number.isFinite(last) && now - last >= 0 && now - last < RELOAD_GUARD_WINDOW_MS) return false;
    sessionStorage.setItem(RELOADED_AT_KEY, String(now));
  } catch {
    // Without sessionStorage there is no loop guard, so we do not reload at all.
    return false;
  }
  location.reload();
  return true;
}
