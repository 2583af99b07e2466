/**
 * The app: an express pipeline, then live routes on the runtime. Tests and
 * checkers call createApp in-process; main.ts runs it on a port.
 *
 *   request → host check → headers → body → session → flash cookie → routes → errors
 */
import type { Server } from "node:http";
import { join } from "node:path";
import express, { type RequestHandler } from "express";
import session from "express-session";
import { createLive, csrfToken, httpPhase, QueryLog, SqliteSessionStore, type LiveTuning } from "#live";
import { createAccounts } from "./accounts/accounts.ts";
import { csrfProtection } from "./auth/csrf-protection.ts";
import { createDevMailbox } from "./auth/dev-mailbox.ts";
import { createLogInThrottle } from "./auth/login-throttle.ts";
import { createUserAuth } from "./auth/user-auth.ts";
import { createUserNotifier } from "./auth/user-notifier.ts";
import { createUserLiveAuth } from "./auth/user-live-auth.ts";
import { userRoutes } from "./auth/user-routes.ts";
import { createCounters } from "./counters.ts";
import { configureDatabase, migrate, openDatabase, type Db } from "./database.ts";
import { layout, pageTitle } from "./layout.ts";
import { errorHandler, notFound } from "./pages/errors.ts";
import { home } from "./pages/home.ts";
import { securityHeaders } from "./security-headers.ts";
import { counterView } from "./views/counter-live.ts";
import { briefingView } from "./views/briefing-live.ts";
import { logInView } from "./views/log-in-live.ts";
import { missionView } from "./views/mission-live.ts";
import { recruitView } from "./views/recruit-live.ts";
import { registrationView } from "./views/registration-live.ts";

export const SESSION_COOKIE = "live_auth_session"; // a name that does not announce the framework

export type Email = { to: string; subject: string; text: string };
export type Mailer = { deliver(email: Email): void | Promise<void> };

export type AppOptions = {
  database: string | Db; // a file path, or an open handle (checkers pass their own, with their own query hook)
  secret: string;
  origin: string; // e.g. "http://localhost:4000"
  clock?: () => number;
  mailer?: Mailer;
  production?: boolean;
  handoff?: boolean; // the render handoff; off = what Phoenix does
  live?: LiveTuning; // socket limits and navigation revalidation: tests and the bench tune them
  redisUrl?: string; // REDIS_URL: the nodes of one app share their render handoffs and disconnects through it
  log?: (line: string) => void;
  bcryptCost?: number; // bcrypt work factor: leave it unset (12) outside tests, which pass 4
};

export function createApp(options: AppOptions) {
  if (options.production && options.secret.length < 32) throw new Error("set a SECRET of at least 32 characters in production");
  const clock = options.clock ?? Date.now;
  const log = options.log ?? ((line: string) => console.warn(line));
  const queryLog = new QueryLog();
  const db = typeof options.database === "string" ? openDatabase(options.database, queryLog.hook) : options.database;
  if (typeof options.database !== "string") configureDatabase(db);
  migrate(db);

  const store = new SqliteSessionStore(db, { clock });
  const sessionMiddleware = session({
    name: SESSION_COOKIE,
    secret: options.secret,
    store,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: "lax", path: "/", secure: options.origin.startsWith("https:") },
  });
  // EXERCISE: when options.redisUrl is set, take the runtime's Redis backends from "#live/redis":
  //   redisLiveBackends(options.redisUrl, { log, handoff: { enabled: options.handoff ?? true, clock } })
  // Pass their handoffStore and bus to createLive below (leave both undefined without a URL), and close them in close().
  // HINT: without them each node keeps its handoffs and its sockets to itself: a page rendered on one node
  // and joined on another loads the user twice, and a log-out on one node leaves the other's sockets open.
  const live = createLive({
    secret: options.secret,
    origin: options.origin,
    development: !options.production, // also answer at localhost, 127.0.0.1 and [::1] on the same port
    session: sessionMiddleware,
    sessionCookie: SESSION_COOKIE,
    layout,
    pageTitle,
    clock,
    log,
    handoff: { enabled: options.handoff ?? true },
    ...options.live,
  });

  const mailbox = options.production ? null : createDevMailbox(clock); // GET /dev/mailbox: the emails sent
  const notifier = createUserNotifier([mailbox, options.mailer]);
  const accounts = createAccounts(db, { notifier, clock, bcryptCost: options.bcryptCost, production: options.production });
  const userAuth = createUserAuth({ accounts, live, secret: options.secret, secure: options.origin.startsWith("https:") });
  const liveAuth = createUserLiveAuth(accounts); // the onMount hooks: the live side of userAuth
  const logInThrottle = createLogInThrottle(clock); // one count, asked by the live form and enforced by the POST

  const app = express();
  app.disable("x-powered-by");
  app.use(live.hostCheck); // first: a request for another host name is refused before it reads anything
  app.use(httpPhase);
  app.use(securityHeaders(options.origin));
  app.use("/assets", express.static(join(import.meta.dirname, "public")));
  app.use(live.assets); // static files come before the session: fetching them loads no user
  app.use(express.urlencoded({ extended: false, limit: "16kb" }));
  app.use(sessionMiddleware);
  app.use(userAuth.fetchCurrentUser);
  app.use(csrfProtection(options.origin));
  app.use(live.router);

  app.get("/", home);
  app.use(userRoutes({ accounts, userAuth, origin: options.origin, clock, mailbox, logInThrottle }));
  live.route("/counter", counterView(createCounters(db)));
  // The agent's pages share a live session: a live link between them mounts the next one over the open socket.
  // requireAuthenticatedUser guards their HTTP renders; the session's onMount hooks guard every mount.
  live.liveSession("requireAuthenticatedUser", { onMount: [liveAuth.requireAuthenticated] }, (route) => {
    route("/mission", missionView(), userAuth.requireAuthenticatedUser);
    route("/briefing", briefingView(), userAuth.requireAuthenticatedUser);
  });
  live.liveSession("redirectIfUserIsAuthenticated", { onMount: [liveAuth.redirectIfUserIsAuthenticated] }, (route) => {
    route("/recruit", recruitView(), userAuth.redirectIfUserIsAuthenticated);
    // Their forms are checked over the socket, then posted over HTTP (the POSTs in userRoutes),
    // where the session can be renewed and its cookie set.
    route("/users/log-in", logInView(logInThrottle), userAuth.redirectIfUserIsAuthenticated, withCsrfToken);
    route("/users/register", registrationView(), userAuth.redirectIfUserIsAuthenticated, withCsrfToken);
  });

  app.use(notFound);
  app.use(errorHandler(log));

  return {
    express: app,
    db,
    live,
    queryLog,
    /** Serves HTTP requests and live socket upgrades on this server. */
    attach(server: Server) {
      server.on("request", app);
      live.attach(server);
    },
    close() {
      live.close();
      store.close();
    },
  };
}

export type App = ReturnType<typeof createApp>;

/** A form the view renders needs the session's CSRF token before the dead mount reads it. */
const withCsrfToken: RequestHandler = (req, _res, next) => {
  csrfToken(req);
  next();
};
