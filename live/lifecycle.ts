/**
 * One mount, shared by every way a view comes up — the dead render, the
 * socket join and a live navigation: the `onMount` hooks of the view's live
 * session in order (any may halt with a redirect), then the view's own mount,
 * then `handleParams` with the URL. All three call this, so they cannot drift apart.
 */
import type { MountResult, OnMount, Params, Session, SomeLiveSocket, SomeLiveView } from "./view.ts";

export type LiveRoute = {
  path: string;
  view: SomeLiveView;
  liveSession: string | null;
  onMount: OnMount[];
  match: (path: string) => Params | null;
};

export async function runMount(route: LiveRoute, params: Params, session: Session, socket: SomeLiveSocket, url: URL) {
  for (const hook of route.onMount) {
    socket.runningHooks = true;
    let result: MountResult;
    try {
      result = await hook(params, session, socket);
    } finally {
      socket.runningHooks = false;
    }
    if (!result.halt) continue;
    if (!socket.redirected) throw new Error(`onMount hook of ${route.view.name} halted without a redirect`);
    return;
  }
  await route.view.mount(params, session, socket);
  if (!socket.redirected) await route.view.handleParams?.(params, url, socket);
}

/**
 * Route params as flat strings, the same on both mounts: a wildcard segment
 * (an array) is joined back into its path, so the signed params match.
 */
export function stringParams(params: Record<string, string | string[] | undefined> | undefined): Params {
  const out: Params = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join("/") : value;
  }
  return out;
}

/** A local path (with its query) as a URL; null when it is not one. The host is a placeholder. */
export function localUrl(path: string): URL | null {
  const base = "http://live.invalid";
  try {
    const url = new URL(path, base);
    return path.startsWith("/") && url.origin === base ? url : null;
  } catch {
    return null;
  }
}
