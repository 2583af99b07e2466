/**
 * Runs the app on PORT (default 4000) with its SQLite file under .course/,
 * printing every query with the phase it ran in (LIVE_QUERY_LOG=json|off).
 * It listens on 127.0.0.1 only, as Phoenix's dev config does: nobody else on
 * the network reaches a development app. HOST=0.0.0.0 opens it up.
 * With REDIS_URL, several of these processes can serve one app (npm run app:cluster).
 */
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { printQueryLog, queryLogFormat } from "#live";
import { createApp } from "./app.ts";

const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? "127.0.0.1";
const production = process.env.NODE_ENV === "production";
const secret = process.env.SECRET ?? (production ? "" : "dev-only-secret-do-not-use-in-production-0123456789");
const origin = process.env.ORIGIN ?? `http://localhost:${port}`;
const redisUrl = process.env.REDIS_URL; // set by `npm run app:cluster`: the nodes' shared Redis
const dataDir = process.env.COURSE_DATA_DIR ?? join(process.cwd(), ".course");
mkdirSync(dataDir, { recursive: true });

const app = createApp({ database: join(dataDir, "app.db"), secret, origin, production, redisUrl });
const json = queryLogFormat() === "json";
printQueryLog(app.queryLog, queryLogFormat(), app.live.userTables.isUserQuery);

const server = createServer();
app.attach(server);
server.listen(port, host, () => {
  if (!json) console.log(`Live Auth is running at ${origin}  (listening on ${host}:${port}; query log: LIVE_QUERY_LOG=pretty|json|off)`);
});
