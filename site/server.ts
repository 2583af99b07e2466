// The course site as an express app: the index of steps, the lessons and their
// actions, the snapshots, and the learner's app with its queries.
// `createSite` only builds it; site/main.ts listens (on 127.0.0.1 — the site
// is for the learner's own machine).
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type ErrorRequestHandler, type Response } from "express";
import { createElement, type ReactNode } from "react";
import { hostCheck } from "../live/host-check.ts";
import { coursePaths, TOOL_ROOT } from "../scripts/course/context.ts";
import type { AppRunner } from "./app-runner.ts";
import type { StepCheck } from "./check-action.ts";
import { describeCourse } from "./course-view.ts";
import { createCsrf } from "./csrf.ts";
import { IndexPage } from "./pages/index-page.tsx";
import { NotFoundPage, renderPage, streamPage, type AppNotice } from "./pages/layout.tsx";
import { createQueryInspector, type QueryInspector } from "./query-inspector.ts";
import { appRoutes } from "./routes/app-routes.ts";
import type { SiteContext } from "./routes/context.ts";
import { snapshotRoutes } from "./routes/snapshot-routes.ts";
import { stepRoutes } from "./routes/step-routes.ts";

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "public");
// The stylesheet every learner's app starts with (step 00's): the site wears it too, so both look alike.
const APP_STYLESHEET = path.join(TOOL_ROOT, "steps", "00-welcome", "public", "app.css");

export interface SiteOptions {
  /** The course root: steps/, lessons/, .course/ and app/ live here. */
  root: string;
  /** Runs the learner's app beside the site; without one the site only reports on it. */
  appRunner?: AppRunner;
  /** The app's query log, grouped by page load (the app runner feeds it). */
  inspector?: QueryInspector;
  /** How "Run checks" runs a checker (site/main.ts passes the warm runner); default: a fresh vitest per check. */
  check?: StepCheck;
}

export function createSite({ root, appRunner, inspector = createQueryInspector(), check }: SiteOptions): express.Express {
  const site = express();
  const context = siteContext(root, appRunner, inspector, check);

  site.disable("x-powered-by");
  // Only this machine's own names for the port it listens on: a DNS-rebinding page must not read the learner's files.
  site.use(hostCheck({ development: true }, (line) => console.warn(`[site] ${line}`)));
  site.use(function noSniffing(_req, res, next) {
    res.set("X-Content-Type-Options", "nosniff");
    next();
  });
  site.use(express.static(PUBLIC_DIR, { index: false, redirect: false }));
  site.get("/app.css", (_req, res) => res.sendFile(APP_STYLESHEET));

  site.get("/", async (_req, res) => {
    const course = await describeCourse(root);
    context.send(res, "Steps", createElement(IndexPage, { course }));
  });
  site.use(stepRoutes(context), snapshotRoutes(context), appRoutes(context));
  site.use((req, res) => context.notFound(res, `Nothing lives at ${req.path}.`));

  // Every error becomes a response here, and a line in the terminal.
  const showError: ErrorRequestHandler = (error, req, res, _next) => {
    console.error(`[site] ${req.method} ${req.path} failed:`, error);
    res.status(500).type("text").send("The course site hit an error; the terminal running `npm start` has the details.");
  };
  site.use(showError);
  return site;
}

function siteContext(root: string, appRunner: AppRunner | undefined, inspector: QueryInspector, check: StepCheck | undefined): SiteContext {
  const appNotice = (): AppNotice => (appRunner ? { status: appRunner.status(), url: appRunner.url } : null);
  const send = (res: Response, title: string, body: ReactNode, status = 200) =>
    void res
      .status(status)
      .type("html")
      .send(renderPage(title, appNotice(), body));
  const stream = (res: Response, title: string, body: ReactNode) => streamPage(res, title, appNotice(), body);
  const notFound = (res: Response, what: string) => send(res, "Not found", createElement(NotFoundPage, { what }), 404);
  return { root, paths: coursePaths(root), csrf: createCsrf(), appRunner, inspector, check, send, stream, notFound };
}
