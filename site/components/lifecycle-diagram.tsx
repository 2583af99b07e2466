// The life of one live page as a picture, for lessons: `<LifecycleDiagram />`.
// One HTTP request (the request's own middleware, then the dead mount), then
// one websocket (the upgrade, the connected mount, and every live navigation).
// `userLoads` marks the phases that load the current user, as the checkers count them.

export type Phase = "http" | "mount:dead" | "upgrade" | "mount:connected" | "navigate";

const PHASES: Array<{ phase: Phase; title: string; detail: string }> = [
  { phase: "http", title: "HTTP request", detail: "GET /page with the session cookie; middleware runs" },
  { phase: "mount:dead", title: "dead mount", detail: "mount in the same request; render → HTML" },
  { phase: "upgrade", title: "upgrade", detail: "WS /live/websocket: Origin, session, CSRF" },
  { phase: "mount:connected", title: "connected mount", detail: "mount again, on the socket; then events" },
  { phase: "navigate", title: "navigate", detail: "a live link: the next view on the same socket" },
];

const BOX_HEIGHT = 52;
const GAP = 26;
const WIDTH = 560;
const BOX_WIDTH = 440;

export function LifecycleDiagram({ userLoads = [] }: { userLoads?: Phase[] }) {
  const height = PHASES.length * (BOX_HEIGHT + GAP) + 10;
  return (
    <figure className="lifecycle-diagram">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby="lifecycle-title" width="100%" style={{ maxWidth: `${WIDTH}px` }}>
        <title id="lifecycle-title">The lifecycle of a live page: HTTP request, dead mount, upgrade, connected mount, navigate</title>
        <defs>
          <marker id="lifecycle-arrow" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="6" markerHeight="6" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" fill="#59636e" />
          </marker>
        </defs>
        {PHASES.map(({ phase, title, detail }, index) => {
          const y = 5 + index * (BOX_HEIGHT + GAP);
          const socket = index >= 2; // the upgrade opens the socket that the rest share
          return (
            <g key={phase} data-phase={phase}>
              <rect
                x="10"
                y={y}
                width={BOX_WIDTH}
                height={BOX_HEIGHT}
                rx="8"
                fill={socket ? "#eef6ff" : "#f6f8fa"}
                stroke={socket ? "#0b5cad" : "#59636e"}
              />
              <text x="24" y={y + 21} fontWeight="700" fontSize="15" fill="#1f2328">
                {title}{" "}
                <tspan fontWeight="400" fill="#59636e" fontFamily="monospace" fontSize="12">
                  {phase}
                </tspan>
              </text>
              <text x="24" y={y + 40} fontSize="12.5" fill="#1f2328">
                {detail}
              </text>
              {userLoads.includes(phase) && (
                <text x={BOX_WIDTH + 22} y={y + 31} fontSize="13" fontWeight="700" fill="#cf222e">
                  [user]
                </text>
              )}
              {index < PHASES.length - 1 && (
                <line
                  x1="60"
                  y1={y + BOX_HEIGHT}
                  x2="60"
                  y2={y + BOX_HEIGHT + GAP - 3}
                  stroke="#59636e"
                  strokeWidth="1.5"
                  markerEnd="url(#lifecycle-arrow)"
                />
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        One HTTP request (grey), then one websocket (blue){userLoads.length > 0 ? "; [user] marks a phase that loads the current user" : ""}.
      </figcaption>
    </figure>
  );
}
