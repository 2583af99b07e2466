/**
 * Flash messages. A socket cannot set cookies, so a redirect carries its
 * flash (signed by the server, not secret) to the next page in a short-lived cookie
 * that the next HTTP request reads; a flash without a redirect is shown here.
 */

import { LIVE_FLASH_COOKIE, type FlashKind } from "../protocol";

const FLASH_COOKIE_MAX_AGE_SECONDS = 60; // only has to survive the redirect that follows

export function setFlashCookie(flash: string): void {
  const secure = location.protocol === "https:" ? "; secure" : "";
  // A socket cannot set a cookie, so the page does: this one only carries a signed flash across one redirect.
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser this page supports
  document.cookie = `${LIVE_FLASH_COOKIE}=${encodeURIComponent(flash)}; path=/; ` + `max-age=${FLASH_COOKIE_MAX_AGE_SECONDS}; samesite=lax${secure}`;
}

/** Replaces the content of `[data-live-flash]`, if the page has one. */
export function showFlash(kind: FlashKind, message: string): void {
  const container = document.querySelector("[data-live-flash]");
  if (!container) {
    console.warn(`[live] flash (${kind}) with no [data-live-flash] on the page: ${message}`);
    return;
  }
  const paragraph = document.createElement("p");
  paragraph.className = `flash flash-${kind === "error" ? "error" : "info"}`;
  paragraph.setAttribute("role", "status");
  paragraph.textContent = message;
  container.replaceChildren(paragraph);
}
