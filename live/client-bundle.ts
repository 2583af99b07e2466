/**
 * Serves the browser client (live/client/) as one ES module, bundled with
 * esbuild on first request and kept in memory. In development the bundle
 * carries an inline source map, so the browser's debugger shows the
 * TypeScript sources.
 */

import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { RequestHandler } from "express";

const CLIENT_ENTRY = fileURLToPath(new URL("./client/index.ts", import.meta.url));

interface BundledClient {
  script: string;
  etag: string;
}

let bundled: Promise<BundledClient> | null = null;

export async function clientScript(): Promise<string> {
  return (await bundledClient()).script;
}

/** GET handler for the client script; answers 304 when the browser's copy is current. */
export function serveClientScript(): RequestHandler {
  return async function serveClientScript(req, res) {
    const { script, etag } = await bundledClient();
    // no-cache means "revalidate every time": cheap with the ETag, and never stale.
    res.set({
      "Content-Type": "application/javascript; charset=utf-8",
      "Cache-Control": "no-cache",
      ETag: etag,
    });
    if (matchesIfNoneMatch(req.get("If-None-Match"), etag)) {
      res.status(304).end();
      return;
    }
    res.send(script);
  };
}

/**
 * RFC 9110 §13.1.2, as an origin server evaluates it. (Express's `req.fresh`
 * ignores If-None-Match when the request says `Cache-Control: no-cache`,
 * which fetch() adds to every conditional request.)
 */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const weakless = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || weakless(tag) === etag);
}

function bundledClient(): Promise<BundledClient> {
  bundled ??= bundleClient().catch((error: unknown) => {
    bundled = null; // let the next request try again, e.g. after a fix in development
    throw error;
  });
  return bundled;
}

async function bundleClient(): Promise<BundledClient> {
  const result = await build({
    entryPoints: [CLIENT_ENTRY],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    write: false,
    sourcemap: process.env.NODE_ENV === "production" ? false : "inline",
    logLevel: "silent",
  });
  const script = result.outputFiles[0]!.text;
  const etag = `"${createHash("sha256").update(script).digest("base64url")}"`;
  return { script, etag };
}
