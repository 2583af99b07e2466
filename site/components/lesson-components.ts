// Components every lesson can use without importing them, e.g. `<LifecycleDiagram userLoads={["http"]} />`
// or `<LatestQueries />` (the learner's own newest page load, from the query inspector),
// and the hint ladder, `<Hints><Hint>…</Hint></Hints>`.
import { Hint, Hints } from "./hint-ladder.tsx";
import { LatestQueries } from "./latest-queries.tsx";
import { LifecycleDiagram } from "./lifecycle-diagram.tsx";

export const LESSON_COMPONENTS = { LifecycleDiagram, LatestQueries, Hints, Hint };
