/**
 * A visible line above the page when its live connection cannot be opened,
 * instead of a page that silently stays "disconnected". A browser does not
 * tell a script why an upgrade was refused, but the page knows which origins
 * the server takes sockets from (data-live-origins): opened anywhere else,
 * the banner says where to open it instead.
 */

const BANNER_ATTRIBUTE = "data-live-banner";

export function showConnectionBanner(root: HTMLElement): void {
  const accepted = (root.dataset.liveOrigins ?? "").split(" ").filter(Boolean);
  const message =
    accepted.length > 0 && !accepted.includes(location.origin)
      ? `Live updates are off: this app takes live connections from ${accepted[0]}, and this page is open at ${location.origin}. ` +
        `Open ${accepted[0]}${location.pathname}${location.search} instead.`
      : "Live updates are off: the live connection to the server could not be opened. Retrying…";
  const banner = document.querySelector<HTMLElement>(`[${BANNER_ATTRIBUTE}]`) ?? createBanner(root);
  banner.textContent = message;
}

export function hideConnectionBanner(): void {
  document.querySelector(`[${BANNER_ATTRIBUTE}]`)?.remove();
}

// Outside the live root, so a patch of the view never removes it. Styled through
// the CSSOM, which the page's content security policy allows (a style attribute it would not).
function createBanner(root: HTMLElement): HTMLElement {
  const banner = document.createElement("p");
  banner.setAttribute(BANNER_ATTRIBUTE, "");
  banner.setAttribute("role", "alert");
  Object.assign(banner.style, {
    margin: "0 0 1rem",
    padding: "0.6rem 0.9rem",
    border: "1px solid #b45309",
    background: "#fef3c7",
    color: "#78350f",
    fontFamily: "system-ui, sans-serif",
  });
  root.before(banner);
  return banner;
}
