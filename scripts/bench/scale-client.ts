/**
 * One client process of the scale run (scale.ts): opens and joins many live
 * sockets and holds them open. A process may hold only so many open files
 * (`ulimit -n`), so the run spreads its sockets over several of these.
 *
 * Reads one JSON line on stdin: { targets: [{ origin, cookie, csrf, token, path }], count, concurrency }
 * and opens `count` sockets, round robin over the targets, each joined as a
 * reconnecting page does (no handoff). Prints {"progress":n} now and then, then
 * {"joined":n,"byOrigin":{origin:n},"failed":m,"firstFailure":…}; on the line "close" it closes them all and exits.
 */
import { createInterface } from "node:readline";
import WebSocket from "ws";

type Target = { origin: string; cookie: string; csrf: string; token: string; path: string };
type Plan = { targets: Target[]; count: number; concurrency: number };

const PROGRESS_EVERY = 1_000;
const JOIN_TIMEOUT_IN_MS = 30_000;

const sockets: WebSocket[] = [];
const print = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);

/** Opens one socket and joins it; resolves with null once it rendered, or why it did not. */
function openAndJoin(target: Target): Promise<string | null> {
  return new Promise((done) => {
    const url = new URL("/live/websocket", target.origin.replace(/^http/, "ws"));
    url.searchParams.set("_csrf", target.csrf);
    const ws = new WebSocket(url, { headers: { cookie: target.cookie, origin: target.origin } });
    const timer = setTimeout(() => done(`no reply to the join within ${JOIN_TIMEOUT_IN_MS} ms`), JOIN_TIMEOUT_IN_MS);
    const finish = (why: string | null) => {
      clearTimeout(timer);
      done(why);
    };
    ws.once("open", () => ws.send(JSON.stringify({ t: "join", ref: 1, token: target.token, handoff: null, path: target.path })));
    ws.once("message", (data) => {
      const message = JSON.parse(data.toString());
      if (message.t === "rendered") {
        sockets.push(ws);
        return finish(null);
      }
      ws.close();
      finish(`join answered ${data.toString().slice(0, 200)}`);
    });
    ws.once("unexpected-response", (_req, res) => finish(`upgrade refused: ${res.statusCode}`));
    ws.once("error", (error) => finish(error.message));
  });
}

async function run(plan: Plan) {
  let next = 0;
  let joined = 0;
  const byOrigin: Record<string, number> = {};
  let failed = 0;
  let firstFailure: string | null = null;
  const worker = async () => {
    while (next < plan.count) {
      const target = plan.targets[next++ % plan.targets.length]!;
      const failure = await openAndJoin(target);
      if (failure === null) {
        joined++;
        byOrigin[target.origin] = (byOrigin[target.origin] ?? 0) + 1;
        if (joined % PROGRESS_EVERY === 0) print({ progress: joined });
      } else {
        failed++;
        firstFailure ??= failure;
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  print({ joined, byOrigin, failed, firstFailure });
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line === "close") {
    for (const ws of sockets) ws.terminate();
    process.exit(0);
  }
  void run(JSON.parse(line) as Plan);
});
lines.on("close", () => process.exit(0));
