// A step's pages and actions: the lesson, Run the checks, Compare, and the
// `course` verbs (start, solve, reset, hint) as buttons. Every action is a POST
// behind the CSRF guard; compare only reads, so it is a GET a link can open.
import express, { type Request, type Response } from "express";
import { createElement } from "react";
import { findStep, listSteps, type Step } from "../../scripts/course/steps.ts";
import { checkStep, type CheckResult } from "../check-action.ts";
import { compareStep } from "../compare-view.ts";
import { runCourseVerb } from "../course-cli.ts";
import { describeCourse, type StepRow } from "../course-view.ts";
import { createLessonCompiler } from "../lessons.ts";
import { CheckPage, type FinishedCheck } from "../pages/check-page.tsx";
import { ComparePage } from "../pages/compare-page.tsx";
import { LessonPage } from "../pages/lesson-page.tsx";
import { VerbResultPage } from "../pages/verb-result-page.tsx";
import type { SiteContext } from "./context.ts";

// The `course` verbs a step page offers as buttons, besides checking (which the site runs itself, to show the result).
const STEP_VERBS = ["start", "solve", "reset", "hint"] as const;

interface FoundStep {
  step: Step;
  all: Step[];
  /** Every step's row, read now (a pass may just have changed them), and this step's. */
  rows: StepRow[];
  row: StepRow;
}

export function stepRoutes({ root, paths, csrf, check, send, stream, notFound }: SiteContext): express.Router {
  const routes = express.Router();
  const lessons = createLessonCompiler();

  /** The step named in the URL, or null once a 404 or a redirect to its full id is sent. */
  async function stepFor(req: Request<{ id: string }>, res: Response, suffix = ""): Promise<FoundStep | null> {
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
    const { steps: rows } = await describeCourse(root);
    return { step, all, rows, row: rows.find((row) => row.id === step.id)! };
  }

  routes.get("/lessons/:id", async (req: Request<{ id: string }>, res) => {
    const found = await stepFor(req, res);
    if (!found) return;
    const { step, rows, row } = found;
    const index = rows.indexOf(row);
    const result = await lessons.render(step);
    const title = result.ok ? result.lesson.title : row.title;
    const neighbours = { previous: rows[index - 1] ?? null, next: rows[index + 1] ?? null };
    send(res, title, createElement(LessonPage, { step: row, result, ...neighbours, csrfToken: csrf.token }));
  });

  // The page (and "Running the checks…") goes out at once; the result follows in the same response.
  routes.post("/lessons/:id/check", ...csrf.protect, async (req: Request<{ id: string }>, res) => {
    const found = await stepFor(req, res, "/check");
    if (!found) return;
    stream(res, `Checks for ${found.row.label}`, createElement(CheckPage, { step: found.row, run: runChecks(found.step) }));
  });

  async function runChecks(step: Step): Promise<FinishedCheck> {
    const result = await checkStep(paths, step, check).catch((error: unknown): CheckResult => {
      console.error(`[site] checking step ${step.id} failed:`, error);
      return { ok: false, problem: "The checks could not run; the terminal running `npm start` has the details." };
    });
    const { steps: rows } = await describeCourse(root); // read again: a pass has just changed it
    const index = rows.findIndex((row) => row.id === step.id);
    return { result, step: rows[index]!, next: rows[index + 1] ?? null };
  }

  // start, solve and reset snapshot app/ and replace it; hint moves the ladder on. The CLI does each.
  for (const verb of STEP_VERBS) {
    routes.post(`/lessons/:id/${verb}`, ...csrf.protect, async (req: Request<{ id: string }>, res) => {
      const found = await stepFor(req, res, `/${verb}`);
      if (!found) return;
      const run = await runCourseVerb(root, [verb, found.step.id]);
      const back = { href: `/lessons/${found.step.id}`, label: `Back to the lesson for step ${found.row.label}` };
      send(res, `course ${verb}`, createElement(VerbResultPage, { title: `course ${verb} ${found.row.label}`, ...run, back }), run.ok ? 200 : 409);
    });
  }

  routes.get("/lessons/:id/compare", async (req: Request<{ id: string }>, res) => {
    const found = await stepFor(req, res, "/compare");
    if (!found) return;
    const view = await compareStep(paths, found.all, found.step, req.query["three-way"] === "1");
    send(res, `Compare ${found.row.label}`, createElement(ComparePage, { step: found.row, view }));
  });

  return routes;
}
