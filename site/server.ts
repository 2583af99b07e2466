// The course site as an express app: the index of steps, the lessons, and the
// state of the learner's app. `createSite` only builds it; site/main.ts listens
// (on 127.0.0.1 — the site is for the learner's own machine).
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type ErrorRequestHandler, type Request, type Response } from "express";
import { hostCheck } from "../live/host-check.ts";
import { createElement, type ReactNode } from "react";
import { coursePaths } from "../scripts/course/context.ts";
import { listSnapshots } from "../scripts/course/snapshots.ts";
import { findStep, listSteps, type Step } from "../scripts/course/steps.ts";
import type { AppRunner } from "./app-runner.ts";
import { checkStep } from "./check-action.ts";
import { compareStep } from "./compare-view.ts";
import { describeCourse, type StepRow } from "./course-view.ts";
import { runCourseVerb } from "./course-cli.ts";
import { createCsrf } from "./csrf.ts";
import { createLessonCompiler } from "./lessons.ts";
import { AppPage } from "./pages/app-page.tsx";
import { CheckPage } from "./pages/check-page.tsx";
import { ComparePage } from "./pages/compare-page.tsx";
import { SnapshotsPage, VerbResultPage } from "./pages/snapshots-page.tsx";
import { IndexPage } from "./pages/index-page.tsx";
import { NotFoundPage, renderPage, type AppNotice } from "./pages/layout.tsx";
import { LessonPage } from "./pages/lesson-page.tsx";
import { QueriesPage } from "./pages/queries-page.tsx";
import { queryFeed } from "./query-feed.ts";
import { createQueryInspector, type QueryInspector } from "./query-inspector.ts";
import { typecheckApp, type TypecheckResult } from "./typecheck-app.ts";

// The `course` verbs a step page offers as buttons, besides checking (which the site runs itself, to show the result).
const STEP_VERBS = ["start", "solve", "reset", "hint"] as const;

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "public");

export interface SiteOptions {
  /** The course root: steps/, lessons/, .course/ and app/ live here. */
  root: string;
  /** Runs the learner's app beside the site; without one the site only reports on it. */
  appRunner?: AppRunner;
  /** The app's query log, grouped by page load (the app runner feeds it). */
  inspector?: QueryInspector;
}

export function createSite({ root, appRunner, inspector = createQueryInspector() }: SiteOptions): express.Express {
  const site = express();
  const lessons = createLessonCompiler();
  const paths = coursePaths(root);
  const csrf = createCsrf();
  const appNotice = (): AppNotice => (appRunner ? { status: appRunner.status(), url: appRunner.url } : null);
  const send = (res: Response, title: string, body: ReactNode, status = 200) =>
    res.status(status).type("html").send(renderPage(title, appNotice(), body));

  site.disable("x-powered-by");
  // Only this machine's own names for the port it listens on: a DNS-rebinding page must not read the learner's files.
  site.use(hostCheck({ development: true }, (line) => console.warn(`[site] ${line}`)));
  site.use(function noSniffing(_req, res, next) {
    res.set("X-Content-Type-Options", "nosniff");
    next();
  });
  site.use(express.static(PUBLIC_DIR, { index: false, redirect: false }));

  site.get("/", async (_req, res) => {
    const course = await describeCourse(root);
    send(res, "Steps", createElement(IndexPage, { course }));
  });

  /** The step named in the URL and its row on the index, or null once a 404 or redirect is sent. */
  async function stepFor(req: Request<{ id: string }>, res: Response, suffix = ""): Promise<{ step: Step; all: Step[]; steps: StepRow[]; row: StepRow } | null> {
    // Only ids from the step list reach the file system, so "../" goes nowhere.
    const all = listSteps(root);
    const step = findStep(all, req.params.id);
    if (!step) {
      notFound(res, `There is no lesson "${req.params.id}".`);
      return null;
    }
    if (req.params.id !== step.id) {
      res.redirect(302, `/lessons/${step.id}${suffix}`);
      return null;
    }
    const { steps } = await describeCourse(root);
    return { step, all, steps, row: steps.find((row) => row.id === step.id)! };
  }

  site.get("/lessons/:id", async (req: Request<{ id: string }>, res) => {
    const found = await stepFor(req, res);
    if (!found) return;
    const { step, steps, row } = found;
    const index = steps.indexOf(row);
    const result = await lessons.render(step);
    const title = result.ok ? result.lesson.title : row.title;
    send(res, title, createElement(LessonPage, {
      step: row,
      result,
      previous: steps[index - 1] ?? null,
      next: steps[index + 1] ?? null,
      csrfToken: csrf.token,
    }));
  });

  site.post("/lessons/:id/check", ...csrf.protect, async (req: Request<{ id: string }>, res) => {
    const found = await stepFor(req, res, "/check");
    if (!found) return;
    const result = await checkStep(paths, found.step);
    const { steps } = await describeCourse(root); // read again: a pass has just changed it
    const index = steps.findIndex((row) => row.id === found.step.id);
    send(res, `Checks for ${found.row.label}`, createElement(CheckPage, { step: steps[index]!, result, next: steps[index + 1] ?? null }));
  });

  // start, solve and reset snapshot app/ and replace it; hint moves the ladder on. The CLI does each.
  for (const verb of STEP_VERBS) {
    site.post(`/lessons/:id/${verb}`, ...csrf.protect, async (req: Request<{ id: string }>, res) => {
      const found = await stepFor(req, res, `/${verb}`);
      if (!found) return;
      const run = await runCourseVerb(root, [verb, found.step.id]);
      const back = { href: `/lessons/${found.step.id}`, label: `Back to the lesson for step ${found.row.label}` };
      send(res, `course ${verb}`, createElement(VerbResultPage, { title: `course ${verb} ${found.row.label}`, ...run, back }), run.ok ? 200 : 409);
    });
  }

  // Compare only reads files, so it is a GET: a link can open it.
  site.get("/lessons/:id/compare", async (req: Request<{ id: string }>, res) => {
    const found = await stepFor(req, res, "/compare");
    if (!found) return;
    const view = await compareStep(paths, found.all, found.step, req.query["three-way"] === "1");
    send(res, `Compare ${found.row.label}`, createElement(ComparePage, { step: found.row, view }));
  });

  site.get("/snapshots", (_req, res) => {
    send(res, "Snapshots", createElement(SnapshotsPage, { snapshots: listSnapshots(paths), csrfToken: csrf.token }));
  });

  site.post("/snapshots/restore", ...csrf.protect, async (req, res) => {
    // Only an id from the list reaches the command line, so no flag or path can be slipped in.
    const snapshot = listSnapshots(paths).find((each) => each.id === req.body.id);
    if (!snapshot) return notFound(res, `There is no snapshot "${String(req.body.id)}".`);
    const run = await runCourseVerb(root, ["restore", snapshot.id]);
    const back = { href: "/snapshots", label: "Back to the snapshots" };
    send(res, "Restore", createElement(VerbResultPage, { title: `Restore ${snapshot.id}`, ...run, back }), run.ok ? 200 : 409);
  });

  async function sendAppPage(res: Response, typecheck?: TypecheckResult) {
    const listening = appRunner ? await appRunner.isListening() : false;
    const url = appRunner?.url ?? "http://localhost:4000";
    send(res, "Your app", createElement(AppPage, { status: appRunner?.status() ?? null, url, listening, csrfToken: csrf.token, typecheck }));
  }
  site.get("/app", (_req, res) => sendAppPage(res));
  site.get("/queries", (_req, res) => {
    send(res, "Queries", createElement(QueriesPage, { loads: inspector.loads(), running: appRunner !== undefined }));
  });
  site.get("/queries/events", queryFeed(inspector));
  // A POST although it writes nothing to app/: it runs tsc, which no other site's page should be able to start.
  site.post("/app/typecheck", ...csrf.protect, async (_req, res) => sendAppPage(res, await typecheckApp(paths)));

  function notFound(res: Response, what: string) {
    send(res, "Not found", createElement(NotFoundPage, { what }), 404);
  }
  site.use((req, res) => notFound(res, `Nothing lives at ${req.path}.`));

  // Every error becomes a response here, and a line in the terminal.
  const showError: ErrorRequestHandler = (error, req, res, _next) => {
    console.error(`[site] ${req.method} ${req.path} failed:`, error);
    res.status(500).type("text").send("The course site hit an error; the terminal running `npm start` has the details.");
  };
  site.use(showError);
  return site;
}
