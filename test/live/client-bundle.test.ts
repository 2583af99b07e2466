import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientScript, serveClientScript } from "../../live/client-bundle.ts";

const MAX_CLIENT_BYTES = 60 * 1024; // morphdom is most of it; keep the client small

/** The script without the inline source map that development builds append. */
function codeOf(script: string): string {
  return script.replace(/\n\/\/# sourceMappingURL=data:[^\n]*\n?$/, "\n");
}

describe("clientScript", () => {
  it("bundles the client into one ES module for the browser", async () => {
    const script = await clientScript();
    expect(script, "the bundle should contain the client's boot code").toContain("data-live-root");
    expect(script, "a browser has no require(); something was bundled as CommonJS").not.toMatch(/\brequire\(/);
  });

  it("stays under 60 KB, source map aside", async () => {
    const bytes = Buffer.byteLength(codeOf(await clientScript()));
    expect(bytes, `the client bundle is ${bytes} bytes`).toBeLessThan(MAX_CLIENT_BYTES);
  });

  it("carries an inline source map outside production", async () => {
    expect(await clientScript()).toMatch(/\n\/\/# sourceMappingURL=data:application\/json;base64,/);
  });
});

describe("serveClientScript", () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    app.get("/live/client.js", serveClientScript());
    server = app.listen(0);
    await new Promise<void>((resolve) => server.once("listening", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/live/client.js`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("serves the script as uncached-but-revalidated JavaScript with an ETag", async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/javascript; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("etag"), "the response should carry a strong ETag").toMatch(/^"[\w-]{43}"$/);
    expect(await response.text()).toBe(await clientScript());
  });

  it("answers 304 with no body when If-None-Match names the current ETag", async () => {
    const etag = (await fetch(url)).headers.get("etag")!;
    const response = await fetch(url, { headers: { "If-None-Match": etag } });
    expect(response.status).toBe(304);
    expect(response.headers.get("etag")).toBe(etag);
    expect(await response.text()).toBe("");
  });

  it("sends the script again when the browser holds an old ETag", async () => {
    const response = await fetch(url, { headers: { "If-None-Match": '"an-old-build"' } });
    expect(response.status).toBe(200);
  });
});
