/**
 * Live links. A click on a link marked for live navigation asks the server
 * to mount the target view on the open socket instead of loading a page:
 *
 *   <a href="/briefing" data-live-link>      another view of the same live session: navigate
 *   <a href="/mission?tab=2" data-live-patch> the same view with new params: patch (handleParams)
 *
 * The server answers `navigated` (we push the URL to history) or refuses a
 * target in another live session — then, as for any link it cannot take
 * live, the browser loads it over HTTP. Back and forward navigate the same way.
 */

export type NavigationKind = "navigate" | "patch";

/** What the connection does with a live link; false when it cannot (not connected): load the page instead. */
export type Navigate = (kind: NavigationKind, to: string, history: "push" | "none") => boolean;

export function bindLiveLinks(navigate: Navigate): void {
  document.addEventListener("click", (event) => {
    const link = liveLinkOf(event);
    if (!link) return;
    const url = new URL(link.href);
    const kind = link.hasAttribute("data-live-patch") ? "patch" : "navigate";
    if (navigate(kind, url.pathname + url.search, "push")) event.preventDefault();
  });
  // The first page gets a history entry of ours too, so coming back to it navigates live.
  history.replaceState({ live: true }, "", location.href);
  window.addEventListener("popstate", (event) => {
    if (!(event.state as { live?: boolean } | null)?.live) return;
    if (!navigate("navigate", location.pathname + location.search, "none")) location.reload();
  });
}

/** The live link a plain left click landed on, if it stays on this origin. */
function liveLinkOf(event: MouseEvent): HTMLAnchorElement | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const target = event.target instanceof Element ? event.target.closest("a[data-live-link], a[data-live-patch]") : null;
  if (!(target instanceof HTMLAnchorElement) || (target.target && target.target !== "_self") || target.hasAttribute("download")) return null;
  return new URL(target.href).origin === location.origin ? target : null;
}

/** After the server mounted the target: history and the page's view token follow. */
export function followNavigation(root: HTMLElement, to: string, view: string, token: string, history_: "push" | "none", kind: NavigationKind): void {
  root.dataset.liveToken = token;
  root.dataset.liveView = view;
  if (history_ === "push") history.pushState({ live: true }, "", to);
  if (kind === "navigate") window.scrollTo(0, 0);
}
