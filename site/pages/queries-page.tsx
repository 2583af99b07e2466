// The query inspector page: every statement of your app's recent page loads, live.
import type { PageLoad } from "../query-inspector.ts";
import { QueryLoads } from "./query-loads.tsx";

export function QueriesPage({ loads, running }: { loads: PageLoad[]; running: boolean }) {
  return (
    <>
      <h1>Your app's queries</h1>
      <p>
        Each page load and live navigation of your app, newest first: the SQL statements in each phase, the ones that load the user marked{" "}
        <span className="user-mark">[user]</span>, and the total.
        {running ? " The tables update as you click around your app." : " Your app is not run by this site, so nothing arrives here."}
      </p>
      {/* Rendered now, replaced by the feed as statements arrive. */}
      <div className="query-feed" data-query-feed="all" aria-live="polite">
        <QueryLoads loads={loads} />
      </div>
      <script src="/inspector.js" defer />
    </>
  );
}
