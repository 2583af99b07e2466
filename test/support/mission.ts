/**
 * Shared by the step 02 and 03 checkers: a logged-in agent, one full load of
 * the live mission page, and the user-loading statements it cost per phase.
 */
import { logInAs, registerUser, uniqueEmail, type TestUser } from "./auth-fixtures.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { loadLivePage, renderedHtml, type PageLoad } from "../../scripts/harness/page-load.ts";
import { countPhases, queryTable } from "./query-table.ts";
import { report } from "./report.ts";
import type { CountedQuery, RunningApp } from "../../scripts/harness/start-app.ts";

export const LOG_IN_FLASH = "You must log in to access this page.";

/** A registered agent and a client logged in as them. */
export async function agent(running: RunningApp, prefix = "agent"): Promise<{ http: HttpClient; user: TestUser }> {
  const http = new HttpClient(running.origin);
  const user = await registerUser(http, uniqueEmail(prefix));
  const fresh = new HttpClient(running.origin);
  await logInAs(fresh, user);
  await fresh.get("/"); // the log-in's flash is shown (and the session written once) here, not on the page measured
  return { http: fresh, user };
}

export function loadMission(running: RunningApp, http: HttpClient): Promise<PageLoad> {
  return loadLivePage(running, http, "/mission");
}

export function userQueriesByPhase(queries: CountedQuery[]) {
  const counts = countPhases(queries, (q) => q.loadsUser);
  return { http: counts.http, dead: counts["mount:dead"], connected: counts["mount:connected"] };
}

/** Prints the measured table for the learner: the evidence the lesson builds on. */
export function reportMission(title: string, load: PageLoad) {
  const { http, dead, connected } = userQueriesByPhase(load.queries);
  report(queryTable(title, load.queries));
  report(`  => user loads per page load: http ${http} + dead mount ${dead} + connected mount ${connected} = ${http + dead + connected}`);
  report(`  => all statements for this page load: ${load.queries.length}\n`);
}

export { renderedHtml };
