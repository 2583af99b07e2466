/**
 * Security settings of the whole step-01 app (solution(01)) that live outside
 * the generated files — headers, the session store, SQLite, production
 * configuration — checked against the running app. SECURITY.md items 1, 2, 3, 29, 30.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser } from "../support/auth-fixtures.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { startApp, TEST_SECRET, type RunningApp } from "../../scripts/harness/start-app.ts";
import { materialise, removeApp } from "./support/apps.ts";

const SESSION_COOKIE = "live_auth_session";

let dir: string;
let running: RunningApp;
beforeAll(async () => {
  dir = materialise("solution", "security");
  running = await startApp({ dir, extra: { bcryptCost: 4 } });
});
afterAll(async () => {
  await running?.close();
  removeApp(dir);
});

async function loggedIn() {
  const http = new HttpClient(running.origin);
  await registerUser(http);
  const value = decodeURIComponent(http.cookies.get(SESSION_COOKIE)!); // "s:<id>.<signature>"
  return { http, sessionId: value.slice(2, value.lastIndexOf(".")) };
}

describe("headers (29)", () => {
  it("sends a CSP that allows the socket, nosniff, frame-ancestors 'none', and no X-Powered-By", async () => {
    const reply = await new HttpClient(running.origin).get("/users/log-in");
    const csp = reply.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${running.origin.replace(/^http/, "ws")}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
    expect(reply.headers.get("x-powered-by")).toBeNull();
    expect(reply.headers.get("referrer-policy")).toBe("same-origin");
  });
});

describe("the session store (2, 30)", () => {
  it("keeps sessions in SQLite under the SHA-256 of their id, never the id itself", async () => {
    const { sessionId } = await loggedIn();
    const hashes = running.db.prepare("SELECT sid_hash FROM sessions").pluck().all() as string[];
    expect(hashes).toContain(createHash("sha256").update(sessionId).digest("hex"));
    expect(hashes).not.toContain(sessionId);
  });

  it("runs SQLite in WAL mode with a busy timeout", () => {
    expect(running.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(running.db.pragma("busy_timeout", { simple: true })).toBeGreaterThan(0);
  });
});

describe("the session id (1)", () => {
  it("is accepted only from the cookie, never from the URL or a form field", async () => {
    const { http, sessionId } = await loggedIn();
    const cookie = http.cookies.get(SESSION_COOKIE)!;
    const stranger = new HttpClient(running.origin);
    for (const path of [`/mission?${SESSION_COOKIE}=${cookie}`, `/mission?sid=${sessionId}`]) {
      expect((await stranger.get(path)).status, path).toBe(302);
    }
    expect((await http.get("/mission")).status, "the cookie itself does work").toBe(200);
  });
});

describe("production configuration (11, 30)", () => {
  const createAppIn = async () => (await import(pathToFileURL(join(dir, "app.ts")).href)).createApp;
  const base = { database: ":memory:", origin: "https://agents.example" };

  it("refuses to start without a real secret", async () => {
    const createApp = await createAppIn();
    expect(() => createApp({ ...base, secret: "", production: true })).toThrow(/SECRET/);
  });

  it("refuses to start with a test-only bcrypt cost", async () => {
    const createApp = await createAppIn();
    expect(() => createApp({ ...base, secret: TEST_SECRET, production: true, bcryptCost: 4 })).toThrow(/bcryptCost/);
  });
});
