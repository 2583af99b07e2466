// The query inspector's server-sent events: the rendered tables, sent when a
// client connects and again after each burst of statements from the app.
import type { RequestHandler } from "express";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { QueryLoads } from "./pages/query-loads.tsx";
import type { QueryInspector } from "./query-inspector.ts";

// A page load runs its statements within milliseconds: one update per burst, not per statement.
const SEND_AFTER_QUIET_MS = 50;
const KEEP_ALIVE_MS = 25_000; // a comment line now and then, so idle proxies and browsers keep the stream

export function queryFeed(inspector: QueryInspector): RequestHandler {
  return function sendQueryTables(req, res) {
    const latest = req.query.latest === "1";
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store", Connection: "keep-alive" });
    const send = () => {
      const loads = latest ? inspector.loads().slice(0, 1) : inspector.loads();
      res.write(`event: tables\ndata: ${JSON.stringify(renderToStaticMarkup(createElement(QueryLoads, { loads })))}\n\n`);
    };
    let pending: NodeJS.Timeout | null = null;
    const unsubscribe = inspector.subscribe(() => {
      pending ??= setTimeout(() => {
        pending = null;
        send();
      }, SEND_AFTER_QUIET_MS);
    });
    const keepAlive = setInterval(() => res.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
    req.on("close", () => {
      unsubscribe();
      clearInterval(keepAlive);
      if (pending) clearTimeout(pending);
    });
    send();
  };
}
