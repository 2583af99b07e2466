/**
 * One checked node: the app in COURSE_APP_DIR (default app/) started by
 * startApp in this process, on PORT, with the SQLite file DATABASE_FILE that
 * the other nodes share and REDIS_URL when set. Our hook on its database
 * prints every statement as one JSON line, in the format LIVE_QUERY_LOG=json
 * uses (formatJson), so a parent process counts queries as a checker does
 * in-process, and the app's code cannot change the count.
 *
 * The parent writes commands on stdin, one a line, and reads the answers as JSON lines:
 *   mark <n>   → {"mark":n}     every statement printed before it has been read by then
 *   memory     → {"memory":{…}} process.memoryUsage() after a garbage collection (with --expose-gc)
 *   close      → {"closed":true} once the app has closed (its Redis connections too)
 * Tuning: LIVE_TUNING (JSON, createApp's `live` option: the bench lifts the socket limits).
 */
import { createInterface } from "node:readline";
import { formatJson } from "../../live/query-log-print.ts";
import { appDir, startApp } from "./start-app.ts";

const port = Number(process.env.PORT);
const databaseFile = process.env.DATABASE_FILE;
if (!port || !databaseFile) throw new Error("node-main.ts needs PORT and DATABASE_FILE");

const write = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);

const running = await startApp({
  dir: appDir(),
  port,
  databaseFile,
  extra: {
    bcryptCost: 4,
    redisUrl: process.env.REDIS_URL || undefined,
    live: process.env.LIVE_TUNING ? JSON.parse(process.env.LIVE_TUNING) : undefined,
    log: (line: string) => console.error(line), // the app's log lines: plain text on stderr
  },
});
running.queryLog.subscribe((event) => process.stdout.write(`${formatJson(event, running.isUserQuery)}\n`));

const commands = createInterface({ input: process.stdin });
commands.on("close", () => process.exit(0)); // the parent is gone (or done): so is this node
commands.on("line", async (line) => {
  const [command, argument] = line.trim().split(" ");
  if (command === "mark") return write({ mark: Number(argument) });
  if (command === "memory") {
    globalThis.gc?.();
    return write({ memory: process.memoryUsage() });
  }
  if (command === "close") {
    await running.close();
    return write({ closed: true });
  }
  console.error(`node-main: unknown command ${JSON.stringify(line)}`);
});
