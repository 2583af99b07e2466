/**
 * Printers for the query log: a readable line per statement (like Ecto's
 * debug log) for `npm run app`, or one JSON object per line when
 * LIVE_QUERY_LOG=json, for tools.
 */
import pc from "picocolors";
import type { QueryEvent, QueryLog } from "./query-log.ts";

export type IsUserQuery = (sql: string) => boolean;

export type QueryLogFormat = "pretty" | "json" | "off";

export function queryLogFormat(env: NodeJS.ProcessEnv = process.env): QueryLogFormat {
  const value = env.LIVE_QUERY_LOG;
  return value === "json" || value === "off" ? value : "pretty";
}

/** `isUserQuery` is the app's declaration (live.userTables.isUserQuery): statements it names are marked. */
export function printQueryLog(log: QueryLog, format: QueryLogFormat, isUserQuery: IsUserQuery, write = (line: string) => console.log(line)) {
  if (format === "off") return () => {};
  return log.subscribe((event) => write(format === "json" ? formatJson(event, isUserQuery) : formatPretty(event, isUserQuery)));
}

export function formatJson(event: QueryEvent, isUserQuery: IsUserQuery): string {
  const { phase, view, sql, at } = event;
  return JSON.stringify({ phase, view, sql: oneLine(sql), userQuery: isUserQuery(sql), at });
}

export function formatPretty(event: QueryEvent, isUserQuery: IsUserQuery): string {
  const where = event.view ? `${event.phase} ${event.view}` : event.phase;
  const marker = isUserQuery(event.sql) ? pc.yellow("[user] ") : "";
  return `${pc.cyan(`[query] ${where.padEnd(28)}`)} ${marker}${pc.dim(oneLine(event.sql))}`;
}

/**
 * One line, with bound string values replaced by `?`: they can hold session
 * data and tokens, which have no business in a terminal or a log file.
 */
function oneLine(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'(?:\/\*\+\d+ bytes\*\/)?/g, "?")
    .replace(/\s+/g, " ")
    .trim();
}
