/**
 * A small app on the live runtime, for tests of what the course's welcome app
 * cannot show: assignNew with a counted loader, onMount hooks in a live
 * session, log-in state, small socket limits. It mirrors steps/00-welcome/app.ts.
 */
import type { Server } from "node:http";
import type Database from "better-sqlite3";
import express, { type RequestHandler } from "express";
import session from "express-session";
import { createLive, html, httpPhase, SqliteSessionStore, type LiveOptions } from "#live";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient, livePage, type ConnectOptions } from "../../scripts/harness/live-client.ts";
import { startApp, type RunningApp, type StartOptions } from "../../scripts/harness/start-app.ts";
import {
  createVisitors,
  codenameView,
  fileView,
  fixtureLayout,
  agentPageView,
  guardedView,
  itemView,
  requireUser,
  requireVisitor,
  rosterView,
  whoamiView,
} from "./fixture-views.ts";

export const FIXTURE_SESSION_COOKIE = "fixture_session";

// Every test socket comes from 127.0.0.1 and many stay open for a whole file: the
// per-address caps would be hit by the suite itself. Tests of those caps set them.
const UNCAPPED_ADDRESS = { socketsPerAddress: 100_000, upgradesPerSecondPerAddress: 100_000, upgradeBurstPerAddress: 100_000 };

export type FixtureOptions = {
  database: Database.Database;
  secret: string;
  origin: string;
  clock?: () => number;
  handoff?: boolean;
  log?: (line: string) => void;
  live?: Pick<Partial<LiveOptions>, "handoff" | "socket" | "viewTokenTtlMs" | "development" | "revalidateOnNavigate" | "handoffStore" | "bus">; // small limits for one test, or a node's shared backends
};

export function createFixtureApp(options: FixtureOptions) {
  const clock = options.clock ?? Date.now;
  const store = new SqliteSessionStore(options.database, { clock });
  const sessionMiddleware = session({
    name: FIXTURE_SESSION_COOKIE,
    secret: options.secret,
    store,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: "lax", path: "/" },
  });
  const live = createLive({
    secret: options.secret,
    origin: options.origin,
    development: options.live?.development ?? true,
    revalidateOnNavigate: options.live?.revalidateOnNavigate,
    session: sessionMiddleware,
    sessionCookie: FIXTURE_SESSION_COOKIE,
    layout: fixtureLayout,
    clock,
    log: options.log,
    viewTokenTtlMs: options.live?.viewTokenTtlMs,
    socket: { ...UNCAPPED_ADDRESS, ...options.live?.socket },
    handoff: { enabled: options.handoff ?? true, ...options.live?.handoff },
    handoffStore: options.live?.handoffStore,
    bus: options.live?.bus,
  });
  const visitors = createVisitors(options.database);

  const app = express();
  app.use(httpPhase);
  app.use(live.assets);
  app.use(sessionMiddleware);
  app.use(live.router);

  app.get("/login", (req, res) => {
    res.type("html").send(fixtureLayout({ req, res, title: "Log in", head: html``, content: html`<h1>Log in</h1>` }).value);
  });
  // The fixture keeps the session across log-in and log-out, so a page's CSRF token stays valid.
  app.get("/login-as/:user", (req, res) => {
    visitors.add(req.params.user);
    req.session.user = req.params.user;
    req.session.liveSocketId = `user:${req.params.user}`;
    res.type("text").send("logged in");
  });
  app.get("/log-out", (req, res) => {
    delete req.session.user;
    res.type("text").send("logged out");
  });

  live.route("/whoami", whoamiView(visitors), putVisitorInLocals);
  live.route("/items/:id", itemView);
  live.route("/files/*path", fileView);
  live.route("/codename", codenameView);
  // Where the trigger-action form lands: plain HTTP, so it can set a cookie.
  app.post("/codename", express.urlencoded({ extended: false }), (req, res) => {
    res.cookie("codename", String(req.body.codename), { httpOnly: true, sameSite: "lax" });
    res.type("text").send(`claimed ${req.body.codename}`);
  });
  live.liveSession("authenticated", { onMount: [requireUser] }, (route) => {
    route("/dashboard", guardedView("dashboard", visitors));
    route("/settings", guardedView("settings", visitors));
  });
  // Live navigation: the hook sets the visitor with assignNew, so a navigation carries it over.
  live.liveSession("agents", { onMount: [requireVisitor(visitors)] }, (route) => {
    route("/agents/home", agentPageView("home"));
    route("/agents/files", agentPageView("files"));
    route("/agents/roster/:page", rosterView);
  });

  return {
    express: app,
    live,
    visitors,
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

export type FixtureApp = ReturnType<typeof createFixtureApp>;

/** What the HTTP pipeline already loaded, as an app's fetchCurrentUser would: `?visitor=…`. */
const putVisitorInLocals: RequestHandler = (req, res, next) => {
  if (typeof req.query.visitor === "string") res.locals.visitor = `${req.query.visitor} from the request`;
  next();
};

export type RunningFixture = RunningApp & { app: FixtureApp };

export async function startFixture(options: Omit<StartOptions, "dir" | "createApp"> & { live?: FixtureOptions["live"] } = {}) {
  const { live, ...start } = options;
  const running = await startApp({ ...start, createApp: createFixtureApp, extra: { ...start.extra, live } });
  return running as RunningFixture;
}

/** Logs this browser in as `user`: the fixture's stand-in for a log-in form. */
export async function logInAs(http: HttpClient, user: string): Promise<HttpClient> {
  const reply = await http.get(`/login-as/${encodeURIComponent(user)}`);
  if (reply.status !== 200) throw new Error(`logging in as ${user} answered ${reply.status}`);
  return http;
}

/** A browser tab: loads `path` over HTTP, then opens its socket (not yet joined). */
export async function openPage(origin: string, path: string, http = new HttpClient(origin), connect: ConnectOptions = {}) {
  const reply = await http.get(path);
  if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}, not 200`);
  const page = livePage(reply.body, path.split("?")[0]!);
  const socket = await LiveClient.connect(http, page, connect);
  return { http, page, socket, body: reply.body };
}

/** The session id inside an express-session cookie (`s:<id>.<signature>`), as the server sees it. */
export function sessionIdOf(http: HttpClient, cookieName = FIXTURE_SESSION_COOKIE): string {
  const cookie = http.cookies.get(cookieName);
  if (!cookie) throw new Error(`no ${cookieName} cookie: load a page that saves the session first`);
  const signed = decodeURIComponent(cookie);
  return signed.slice(2, signed.lastIndexOf("."));
}

/** How the server closed this socket; "still open" if it has not within `withinMs`, so a test fails fast. */
export function closeCodeOf(socket: LiveClient, withinMs = 2_000): Promise<number | "still open"> {
  const stillOpen = new Promise<"still open">((done) => setTimeout(() => done("still open"), withinMs).unref());
  return Promise.race([socket.closed.then(({ code }) => code), stillOpen]);
}

/** The rendered HTML of a reply, or a failure that shows what came instead. */
export function renderedHtml(message: unknown): string {
  const reply = message as { t?: string; html?: string };
  if (reply.t !== "rendered" || typeof reply.html !== "string") {
    throw new Error(`expected a rendered reply, got ${JSON.stringify(message)}`);
  }
  return reply.html;
}
