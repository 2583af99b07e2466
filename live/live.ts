/**
 * createLive: wires the runtime into an express app. It owns the live routes
 * (GET = dead render), the socket server (join = connected mount), the render
 * handoff between them, and the client script.
 *
 *   const live = createLive({ secret, origin, development, session, layout });
 *   app.use(live.hostCheck);                    // first: refuse requests for hosts that are not ours
 *   app.use(live.assets);                       // the client script: before the session, like any static file
 *   app.use(live.router);                       // after the session middleware
 *   live.route("/counter", counterView);
 *   live.liveSession("authenticated", { onMount: [requireUser] }, (route) => {
 *     route("/mission", missionView);           // live links between these two navigate over the socket
 *     route("/briefing", briefingView);
 *   });
 *   live.attach(httpServer);                    // the /live/websocket upgrade
 *
 * On more than one node, pass `handoffStore` and `bus` (redis.ts gives both):
 * the page's handoff is then adopted whichever node the socket reaches, and a
 * disconnect on one node closes the session's sockets on every node.
 */
import type { Server } from "node:http";
import express, { type RequestHandler } from "express";
import { match } from "path-to-regexp";
import { serveClientScript } from "./client-bundle.ts";
import { deadRender, type Layout } from "./dead-render.ts";
import { liveFlashCookie } from "./flash.ts";
import { joinCluster, MemoryBus, type LiveBus } from "./bus.ts";
import { HANDOFF_DEFAULTS, HandoffStore, type HandoffOptions, type RenderHandoffStore } from "./handoff.ts";
import { allowedOrigins, hostCheck, type HostPolicy } from "./host-check.ts";
import { stringParams, type LiveRoute } from "./lifecycle.ts";
import { UserTables } from "./query-log.ts";
import { LiveSocketServer, SOCKET_DEFAULTS, type SocketLimits } from "./socket-server.ts";
import type { LiveView, OnMount } from "./view.ts";

const VIEW_TOKEN_VALIDITY_IN_MS = 12 * 60 * 60 * 1000; // an open tab may reconnect for half a day

/** What an app may tune per run: tests and the bench shrink or raise limits, or switch revalidation on. */
export type LiveTuning = {
  socket?: Partial<SocketLimits>;
  /** Load the live session's values again on every live navigation (one query each, as Phoenix does) instead of carrying them. */
  revalidateOnNavigate?: boolean;
};

export type LiveOptions = LiveTuning & {
  secret: string;
  origin: string; // e.g. "http://localhost:4000": the host requests must name and the Origin a socket must come from
  development?: boolean; // also accept the loopback names for the origin's port (localhost, 127.0.0.1, [::1])
  session: RequestHandler; // the express-session middleware, run again on each upgrade
  sessionCookie?: string; // its cookie's name: lets an upgrade take the session its page was just rendered with
  layout: Layout;
  pageTitle?: (title: string) => string; // how the layout decorates a view's title; live updates use it too
  clock?: () => number;
  handoff?: Partial<HandoffOptions>; // the in-memory store's options (a store passed in has its own)
  handoffStore?: RenderHandoffStore; // where render handoffs live; default: this process's memory
  bus?: LiveBus; // how disconnects reach other nodes; default: nobody else to tell
  viewTokenTtlMs?: number;
  log?: (line: string) => void;
};

/**
 * `before` middleware guards the HTTP render only. A socket can join with any
 * page's view token, so a view must guard its own mount, or sit in a
 * liveSession whose onMount hooks do (they run on both mounts).
 */
export type RouteFn = <S extends object>(path: string, view: LiveView<S>, ...before: RequestHandler[]) => void;

export type Live = ReturnType<typeof createLive>;

export function createLive(options: LiveOptions) {
  const clock = options.clock ?? Date.now;
  const log = options.log ?? ((line: string) => console.warn(line));
  const handoff = options.handoffStore ?? new HandoffStore({ ...HANDOFF_DEFAULTS, ...options.handoff }, clock);
  const bus = options.bus ?? new MemoryBus().node();
  const hosts: HostPolicy = { origin: options.origin, development: options.development ?? false };
  const userTables = new UserTables();
  const routes: LiveRoute[] = [];
  const assets = express.Router();
  assets.get("/live/client.js", serveClientScript());
  const router = express.Router();
  router.use(liveFlashCookie(options.secret, clock));
  // A page's handoff keeps the session as it was rendered, for the page's own upgrade. Any other
  // request of the session may change it, so it makes those copies stale: forget them, at its start
  // and at its end (it may have run alongside the render), keeping only the one it rendered itself.
  router.use(function forgetRenderedSessions(req, res, next) {
    forgetting(handoff.forgetSessionCopies(req.sessionID));
    res.on("finish", () => forgetting(handoff.forgetSessionCopies(req.sessionID, res.locals.liveHandoffId || null)));
    next();
  });

  const renderContext = {
    pageTitle: options.pageTitle ?? ((title: string) => title),
    secret: options.secret,
    clock,
    handoff,
    layout: options.layout,
    viewTokenTtlMs: options.viewTokenTtlMs ?? VIEW_TOKEN_VALIDITY_IN_MS,
    socketOrigins: allowedOrigins(hosts),
  };

  function addRoute(liveSession: string | null, onMount: OnMount[]): RouteFn {
    return (path, view, ...before) => {
      const matcher = match(path, { decode: decodeURIComponent });
      const matchParams = (candidate: string) => {
        try {
          const found = matcher(candidate);
          return found ? stringParams(found.params as Record<string, string | string[]>) : null;
        } catch {
          return null; // a path that cannot be decoded matches no route
        }
      };
      const route: LiveRoute = { path, view, liveSession, onMount, match: matchParams };
      routes.push(route);
      router.get(path, ...before, deadRender(renderContext, route));
    };
  }

  function matchPath(path: string) {
    for (const route of routes) {
      const params = route.match(path);
      if (params) return { route, params: { ...params } };
    }
    return null;
  }

  const sockets = new LiveSocketServer({
    ...renderContext,
    hosts,
    revalidateOnNavigate: options.revalidateOnNavigate ?? false,
    session: options.session,
    sessionCookie: options.sessionCookie ?? null,
    matchPath,
    log,
    limits: { ...SOCKET_DEFAULTS, ...options.socket },
  });

  const cluster = joinCluster(bus, sockets, log);

  function forgetting(forgotten: void | Promise<void>) {
    forgotten?.catch((error: Error) => log(`[live] could not forget a session's rendered copies: ${error.message}`));
  }

  return {
    /** Refuses requests whose Host is not this app's (DNS rebinding): use it first. */
    hostCheck: hostCheck(hosts, log),
    assets,
    router,
    handoff,
    sockets,
    /** Which statements load the user: the generated auth declares its tables here; the query log and checkers ask. */
    userTables,
    /** A live route outside any live session: no onMount hooks. */
    route: addRoute(null, []),
    /** Live routes that share onMount hooks (like Phoenix's live_session). */
    liveSession(name: string, config: { onMount: OnMount[] }, define: (route: RouteFn) => void) {
      if (routes.some((route) => route.liveSession === name)) throw new Error(`live session ${JSON.stringify(name)} is defined twice`);
      define(addRoute(name, config.onMount));
    },
    attach: (server: Server) => sockets.attach(server),
    /** Ends the live side of a session on every node: its sockets close and its pending handoffs are dropped. Returns how many of this node's sockets. */
    disconnectSession: (sessionId: string, reason: string) => cluster.disconnect({ kind: "session", sessionId, reason }),
    /** The same for every session of one log-in (see liveSocketId in socket-server.ts). */
    disconnectLiveSocketId: (liveSocketId: string, reason: string) => cluster.disconnect({ kind: "liveSocketId", liveSocketId, reason }),
    close() {
      cluster.leave();
      sockets.close();
    },
  };
}
