// The learner's app as the site sees it: its state (a crash's file:line, a
// taken port), a type-check of app/, and the query inspector with its live feed.
import express, { type Response } from "express";
import { createElement } from "react";
import { AppPage } from "../pages/app-page.tsx";
import { QueriesPage } from "../pages/queries-page.tsx";
import { queryFeed } from "../query-feed.ts";
import { typecheckApp, type TypecheckResult } from "../typecheck-app.ts";
import type { SiteContext } from "./context.ts";

export function appRoutes({ paths, csrf, appRunner, inspector, send }: SiteContext): express.Router {
  const routes = express.Router();

  async function sendAppPage(res: Response, typecheck?: TypecheckResult) {
    const listening = appRunner ? await appRunner.isListening() : false;
    const url = appRunner?.url ?? "http://localhost:4000";
    send(res, "Your app", createElement(AppPage, { status: appRunner?.status() ?? null, url, listening, csrfToken: csrf.token, typecheck }));
  }

  routes.get("/app", (_req, res) => sendAppPage(res));
  // A POST although it writes nothing to app/: it runs tsc, which no other site's page should be able to start.
  routes.post("/app/typecheck", ...csrf.protect, async (_req, res) => sendAppPage(res, await typecheckApp(paths)));

  routes.get("/queries", (_req, res) => {
    send(res, "Queries", createElement(QueriesPage, { loads: inspector.loads(), running: appRunner !== undefined }));
  });
  routes.get("/queries/events", queryFeed(inspector));
  return routes;
}
