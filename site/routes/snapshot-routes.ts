// The snapshots of app/ and restoring one — by `course restore` itself, so
// app/ is saved as a snapshot first, exactly as in the terminal.
import express from "express";
import { createElement } from "react";
import { listSnapshots } from "../../scripts/course/snapshots.ts";
import { runCourseVerb } from "../course-cli.ts";
import { SnapshotsPage } from "../pages/snapshots-page.tsx";
import { VerbResultPage } from "../pages/verb-result-page.tsx";
import type { SiteContext } from "./context.ts";

export function snapshotRoutes({ root, paths, csrf, send, notFound }: SiteContext): express.Router {
  const routes = express.Router();

  routes.get("/snapshots", (_req, res) => {
    send(res, "Snapshots", createElement(SnapshotsPage, { snapshots: listSnapshots(paths), csrfToken: csrf.token }));
  });

  routes.post("/snapshots/restore", ...csrf.protect, async (req, res) => {
    // Only an id from the list reaches the command line, so no flag or path can be slipped in.
    const snapshot = listSnapshots(paths).find((each) => each.id === req.body.id);
    if (!snapshot) return notFound(res, `There is no snapshot "${String(req.body.id)}".`);
    const run = await runCourseVerb(root, ["restore", snapshot.id]);
    const back = { href: "/snapshots", label: "Back to the snapshots" };
    send(res, "Restore", createElement(VerbResultPage, { title: `Restore ${snapshot.id}`, ...run, back }), run.ok ? 200 : 409);
  });
  return routes;
}
