// Components every lesson can use without importing them, e.g. `<LifecycleDiagram userLoads={["http"]} />`.
import { LifecycleDiagram } from "./lifecycle-diagram.tsx";

export const LESSON_COMPONENTS = { LifecycleDiagram };
