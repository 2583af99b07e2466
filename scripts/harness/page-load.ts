/**
 * One full page load of a live route, as a browser does it: GET the page (the
 * HTTP pipeline and the dead mount), open the socket (upgrade), join (the
 * connected mount). Returns what each half rendered and the queries it ran.
 */
import { performance } from "node:perf_hooks";
import type { CountedQuery } from "./start-app.ts";
import type { ServerMessage } from "../../live/protocol.ts";
import type { HttpClient, Reply } from "./http-client.ts";
import { LiveClient, livePage, type LivePage } from "./live-client.ts";
import type { RunningApp } from "./start-app.ts";

export type PageLoad = {
  reply: Reply;
  page: LivePage | null;
  socket: LiveClient | null;
  joined: ServerMessage | null;
  queries: CountedQuery[];
  timings: { httpMs: number; joinMs: number }; // loopback round trips: the page, then socket open + join
};

export async function loadLivePage(running: RunningApp, http: HttpClient, path: string): Promise<PageLoad> {
  running.clearQueries();
  const started = performance.now();
  const reply = await http.get(path);
  const httpMs = performance.now() - started;
  if (reply.status !== 200 || !reply.body.includes("data-live-token")) {
    return { reply, page: null, socket: null, joined: null, queries: [...running.queries], timings: { httpMs, joinMs: 0 } };
  }
  const page = livePage(reply.body, path);
  const socket = await LiveClient.connect(http, page);
  const joined = await socket.join(page);
  const joinMs = performance.now() - started - httpMs;
  return { reply, page, socket, joined, queries: [...running.queries], timings: { httpMs, joinMs } };
}

export function renderedHtml(message: ServerMessage | null): string {
  return message?.t === "rendered" ? message.html : "";
}
