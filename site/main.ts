// `npm start`: the course site on http://localhost:PORT_SITE (default 3000),
// and the learner's app from app/ running beside it on PORT (default 4000),
// its query log feeding the site's query inspector.
import type { Server } from "node:http";
import { startWarmCheck } from "../scripts/course/check/warm-check.ts";
import { courseRoot, coursePaths } from "../scripts/course/context.ts";
import { listSteps } from "../scripts/course/steps.ts";
import { recoverInterruptedCommand, startFirstStepIfNew } from "./first-run.ts";
import { APP_PORT, createAppRunner } from "./app-runner.ts";
import { highlighter } from "./highlight.ts";
import { createQueryInspector } from "./query-inspector.ts";
import { createSite } from "./server.ts";

const SITE_PORT = Number(process.env.PORT_SITE ?? 3000);
// The site reads and shows the learner's files: it answers only this machine.
const SITE_HOST = "127.0.0.1";

const root = courseRoot();
recoverInterruptedCommand(root); // before looking for app/: a killed `course` command may have left none
startFirstStepIfNew(root);
const inspector = createQueryInspector();
// PORT moves the learner's app, as it does for `npm run app` (README, "Where things listen").
const appRunner = createAppRunner({ root, port: Number(process.env.PORT ?? APP_PORT), inspector });
// The workspace's warm runner: "Run checks", `course check` and `course watch` all use it.
// It starts beside the app; a check asked for before it is ready waits for it.
const warmCheck = startWarmCheck(coursePaths(root), listSteps(root), (line) => console.warn(`[site] ${line}`));
const site = createSite({ root, appRunner, inspector, check: async (step) => (await warmCheck).check(step) });

const server: Server = site.listen(SITE_PORT, SITE_HOST, () => {
  console.log(`[site] The course is at http://localhost:${SITE_PORT}  (Ctrl-C stops the site and your app)`);
});
server.on("error", (error: NodeJS.ErrnoException) => {
  const hint = error.code === "EADDRINUSE" ? ` Port ${SITE_PORT} is taken: stop what uses it, or run PORT_SITE=3001 npm start.` : "";
  console.error(`[site] The course site could not start: ${error.message}.${hint}`);
  void Promise.all([appRunner.stop(), warmCheck.then((warm) => warm.close())]).then(() => process.exit(1));
});
void highlighter(); // load shiki's grammars while the app starts, not on the first lesson
await appRunner.start();

async function shutDown(): Promise<void> {
  await Promise.all([appRunner.stop(), warmCheck.then((warm) => warm.close())]);
  server.close();
  process.exit(0);
}
process.once("SIGINT", shutDown);
process.once("SIGTERM", shutDown);
