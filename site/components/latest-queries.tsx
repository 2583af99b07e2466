// For lessons: `<LatestQueries />` shows the learner's own newest page load —
// statements per phase and the "= N" line — fed live by the query inspector.
import { QueryFeed } from "../pages/query-loads.tsx";

export function LatestQueries() {
  return (
    <figure className="latest-queries">
      <QueryFeed latest />
      <figcaption>
        Your app's latest page load, live from <a href="/queries">the query inspector</a>. Load a page of your app to fill it.
      </figcaption>
    </figure>
  );
}
