/**
 * One mount, shared by both halves of a page load: the `onMount` hooks of the
 * view's live session in order (any may halt with a redirect), then the view's
 * own mount. The dead render and the socket join both call this, so they
 * cannot drift apart.
 */
import type { LiveView, OnMount, Params, Session, LiveSocket } from "./view.ts";

export type LiveRoute = {
  path: string;
  view: LiveView<any>;
  liveSession: string | null;
  onMount: OnMount[];
  match: (path: string) => Params | null;
};

export async function runMount(route: LiveRoute, params: Params, session: Session, socket: LiveSocket<any>) {
  for (const hook of route.onMount) {
    const result = await hook(params, session, socket);
    if (!result.halt) continue;
    if (!socket.redirected) throw new Error(`onMount hook of ${route.view.name} halted without a redirect`);
    return;
  }
  await route.view.mount(params, session, socket);
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
