// The course site as an express app: the index of steps, the lessons, and the
// state of the learner's app. `createSite` only builds it; site/main.ts listens
// (on 127.0.0.1 — the site is for the learner's own machine).
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type ErrorRequestHandler, type Request, type Response } from "express";
import { hostCheck } from "../live/host-check.ts";
import { createElement, type ReactNode } from "react";
import { findStep, listSteps } from "../scripts/course/steps.ts";
import type { AppRunner } from "./app-runner.ts";
import { describeCourse } from "./course-view.ts";
import { createLessonCompiler } from "./lessons.ts";
import { AppPage } from "./pages/app-page.tsx";
import { IndexPage } from "./pages/index-page.tsx";
import { NotFoundPage, renderPage, type AppNotice } from "./pages/layout.tsx";
import { LessonPage } from "./pages/lesson-page.tsx";

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "public");

export interface SiteOptions {
  /** The course root: steps/, lessons/, .course/ and app/ live here. */
  root: string;
  /** Runs the learner's app beside the site; without one the site only reports on it. */
  appRunner?: AppRunner;
}

export function createSite({ root, appRunner }: SiteOptions): express.Express {
  const site = express();
  const lessons = createLessonCompiler();
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

  site.get("/lessons/:id", async (req: Request<{ id: string }>, res) => {
    // Only ids from the step list reach the file system, so "../" goes nowhere.
    const step = findStep(listSteps(root), req.params.id);
    if (!step) return notFound(res, `There is no lesson "${req.params.id}".`);
    if (req.params.id !== step.id) return res.redirect(302, `/lessons/${step.id}`);
    const { steps } = await describeCourse(root);
    const index = steps.findIndex((row) => row.id === step.id);
    const result = await lessons.render(step);
    const title = result.ok ? result.lesson.title : steps[index]!.title;
    send(res, title, createElement(LessonPage, {
      step: steps[index]!,
      result,
      previous: steps[index - 1] ?? null,
      next: steps[index + 1] ?? null,
    }));
  });

  site.get("/app", async (_req, res) => {
    const listening = appRunner ? await appRunner.isListening() : false;
    const url = appRunner?.url ?? "http://localhost:4000";
    send(res, "Your app", createElement(AppPage, { status: appRunner?.status() ?? null, url, listening }));
  });

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
