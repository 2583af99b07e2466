/**
 * Which names a local server answers to. A page on evil.example can point its
 * own DNS name at 127.0.0.1 (DNS rebinding): the browser then sends requests
 * to the learner's app with `Host: evil.example:4000`, and — being
 * "same-origin" with itself — reads the replies, the dev mailbox's reset
 * links included. Checking `Host` on every request closes that, as Vite's
 * `allowedHosts` and Django's `ALLOWED_HOSTS` do.
 *
 *   allowed: the configured origin's host, and in development the loopback
 *            names for the same port (localhost, 127.0.0.1, [::1])
 *   refused: anything else, with 421 Misdirected Request and a page saying
 *            which address to open instead
 *
 * The live socket uses the same rule for the upgrade's `Origin` (socket-server.ts).
 */
import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import { escapeHtml } from "./html.ts";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

export type HostPolicy = {
  /** e.g. "http://localhost:4000". Without one: the loopback names on the port the request reached (a local-only tool). */
  origin?: string;
  /** Also accept the loopback names for the origin's port. */
  development: boolean;
};

/** The origins (scheme://host:port) the policy accepts, lower case; the configured one first. */
export function allowedOrigins(policy: HostPolicy, localPort?: number): string[] {
  const base = new URL(policy.origin ?? `http://localhost:${localPort ?? 0}`);
  const port = base.port ? `:${base.port}` : "";
  const aliases = policy.development || !policy.origin ? LOOPBACK_NAMES.map((name) => `${base.protocol}//${name}${port}`) : [];
  return [...new Set([base.origin, ...aliases])];
}

/** The `Host` values the policy accepts, e.g. "localhost:4000". */
export function allowedHosts(policy: HostPolicy, localPort?: number): Set<string> {
  return new Set(allowedOrigins(policy, localPort).map((origin) => new URL(origin).host));
}

/** Whether this request names one of our hosts. */
export function hostAllowed(policy: HostPolicy, req: IncomingMessage): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && allowedHosts(policy, req.socket.localPort).has(host);
}

/** Express middleware: first in the pipeline, before anything reads a session or a file. */
export function hostCheck(policy: HostPolicy, log: (line: string) => void = () => {}): RequestHandler {
  return function checkHost(req, res, next) {
    if (hostAllowed(policy, req)) return next();
    const open = allowedOrigins(policy, req.socket.localPort)[0]!;
    log(`[http] refused ${req.method} ${req.path}: Host ${JSON.stringify(req.headers.host ?? null)} is not ${open}`);
    res
      .status(421)
      .set("Cache-Control", "no-store")
      .type("html")
      .send(refusalPage(req.headers.host, open + req.originalUrl));
  };
}

// Plain HTML with no scripts, styles or links to follow: the asker may be hostile.
function refusalPage(host: string | undefined, openInstead: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Wrong address</title></head>
<body>
<h1>421 Wrong address</h1>
<p>This server answers only as <code>${escapeHtml(openInstead)}</code>, but the request named the host
<code>${escapeHtml(host ?? "(none)")}</code>.</p>
<p>If you typed that address, open <code>${escapeHtml(openInstead)}</code> instead (or set ORIGIN to the address you use).
If you did not, a page on another site may be trying to reach this local server through its own domain name
(DNS rebinding); refusing it is the point of this check.</p>
</body></html>`;
}
