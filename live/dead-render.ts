/**
 * The dead render: the GET handler of a live route. It mounts the view with
 * `connected: false`, renders it into the app's layout, and embeds what the
 * socket needs to mount it again: a signed view token, a render-handoff id and
 * the session's CSRF token.
 */
import type { Request, RequestHandler, Response } from "express";
import { csrfToken } from "./csrf.ts";
import { putFlash } from "./flash.ts";
import { html, type SafeHtml } from "./html.ts";
import type { RenderHandoffStore } from "./handoff.ts";
import { localUrl, runMount, stringParams, type LiveRoute } from "./lifecycle.ts";
import { inPhase } from "./query-log.ts";
import { pageKey, signViewToken } from "./token.ts";
import { LiveSocket, type Redirect, type Session } from "./view.ts";

export type LayoutPage = { req: Request; res: Response; title: string; head: SafeHtml; content: SafeHtml };
export type Layout = (page: LayoutPage) => SafeHtml;

export type DeadRenderContext = {
  secret: string;
  clock: () => number;
  viewTokenTtlMs: number;
  handoff: RenderHandoffStore;
  layout: Layout;
  socketOrigins: string[]; // where a socket may come from: the client names them when its upgrade is refused
};

export function deadRender(ctx: DeadRenderContext, route: LiveRoute): RequestHandler {
  const name = route.view.name;
  return async function renderLivePage(req, res) {
    const params = stringParams(req.params);
    const socket = new LiveSocket<never>(name, false, { kind: "locals", values: res.locals });
    const url = localUrl(req.originalUrl) ?? new URL("http://live.invalid/");
    await inPhase("mount:dead", name, () => runMount(route, params, req.session, socket, url));
    for (const { kind, message } of socket.flashes) putFlash(req, kind, message);
    if (socket.redirected) return redirectWithFlash(req, res, socket.redirected);

    const content = inPhase("mount:dead", name, () => route.view.render(socket.assigns));
    const token = signViewToken(ctx.secret, { view: name, params }, ctx.clock() + ctx.viewTokenTtlMs);
    const page = pageKey({ view: name, params });
    const csrf = csrfToken(req); // before the snapshot below: the socket checks it
    const session = JSON.parse(JSON.stringify(req.session)) as Session;
    const handoffId = (await ctx.handoff.put(req.sessionID, page, socket.newValues, { liveSocketId: req.session.liveSocketId, session })) ?? "";
    res.locals.liveHandoffId = handoffId;
    const head = html`<meta name="csrf-token" content="${csrf}" />
    <script type="module" src="/live/client.js"></script>`;
    const root = html`<div data-live-root data-live-view="${name}" data-live-token="${token}" data-live-handoff="${handoffId}" data-live-origins="${ctx.socketOrigins.join(" ")}" data-live-state="connecting">${content}</div>`;
    const title = route.view.title?.(socket.assigns) ?? name;
    res.type("html").send(ctx.layout({ req, res, title, head, content: root }).value);
  };
}

function redirectWithFlash(req: Request, res: Response, to: Redirect) {
  for (const kind of ["info", "error"] as const) {
    const message = to.flash?.[kind];
    if (message) putFlash(req, kind, message);
  }
  res.redirect(302, to.to);
}
