// What every group of the site's routes shares: where the course is, the CSRF
// guard, and how a page is sent.
import type { Response } from "express";
import type { ReactNode } from "react";
import type { CoursePaths } from "../../scripts/course/context.ts";
import type { AppRunner } from "../app-runner.ts";
import type { StepCheck } from "../check-action.ts";
import type { Csrf } from "../csrf.ts";
import type { QueryInspector } from "../query-inspector.ts";

export interface SiteContext {
  root: string;
  paths: CoursePaths;
  csrf: Csrf;
  appRunner: AppRunner | undefined;
  inspector: QueryInspector;
  /** Runs a step's checker against app/: the workspace's warm runner when the site has one. */
  check: StepCheck | undefined;
  send(res: Response, title: string, body: ReactNode, status?: number): void;
  /** Sends a page whose <Suspense> parts arrive as their data does. */
  stream(res: Response, title: string, body: ReactNode): void;
  notFound(res: Response, what: string): void;
}
