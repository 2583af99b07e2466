/**
 * Support for the tests of the auth web layer: the whole app in-process on a
 * real port, with a real SQLite file in a temp dir, a clock the test moves, a
 * mailer that keeps every email, and a fetch client with a cookie jar. No test
 * sleeps: to expire something, move the clock.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { createApp, type AppOptions, type Email } from "../app.ts";
import { createAccounts } from "../accounts/accounts.ts";
import { capturingNotifier, TEST_BCRYPT_COST } from "../accounts/accounts-fixtures.ts";

export const TEST_SECRET = "a-test-secret-of-at-least-32-characters";
const WAIT_IN_MS = 2_000; // how long a socket may take to close before a test fails

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

export async function startTestApp(options: Partial<AppOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "auth-test-"));
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const emails: Email[] = [];
  let now = Date.now();
  const clock = () => now;
  const mailer = { deliver: (email: Email) => void emails.push(email) };
  const database = join(dir, "app.db");
  const app = createApp({ database, secret: TEST_SECRET, origin, clock, bcryptCost: TEST_BCRYPT_COST, mailer, log: () => {}, ...options });
  app.attach(server);
  // Fixtures register users through the context, on the app's own database.
  const accounts = createAccounts(app.db, { notifier: capturingNotifier([]), clock, bcryptCost: TEST_BCRYPT_COST });
  return {
    app,
    origin,
    emails,
    accounts,
    client: () => new TestClient(origin),
    advanceClock: (ms: number) => {
      now += ms;
    },
    async close() {
      app.close();
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
      app.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Reply = { status: number; headers: Headers; body: string; location: string | null };

/** A browser stand-in: a cookie jar, no automatic redirects, and forms posted with the last page's _csrf. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  setCookies: string[] = []; // the raw Set-Cookie lines of the last response
  lastPage = "";

  constructor(readonly origin: string) {}

  get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { method: "GET", headers });
  }

  /** Posts a form with the last page's _csrf (pass `_csrf: null` to leave it out), from our own origin. */
  post(path: string, fields: Record<string, string | null>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries({ _csrf: csrfTokenIn(this.lastPage), ...fields })) if (value !== null) body.set(name, value);
    const formHeaders = { "content-type": "application/x-www-form-urlencoded", origin: this.origin, ...headers };
    return this.request(path, { method: "POST", headers: formHeaders, body: body.toString() });
  }

  async follow(reply: Reply): Promise<Reply> {
    let current = reply;
    for (let hops = 0; current.location && hops < 5; hops++) current = await this.get(current.location);
    return current;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async request(path: string, init: RequestInit): Promise<Reply> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", this.cookieHeader());
    const response = await fetch(new URL(path, this.origin), { ...init, headers, redirect: "manual" });
    this.setCookies = response.headers.getSetCookie();
    for (const line of this.setCookies) this.#store(line);
    const body = await response.text();
    if (response.headers.get("content-type")?.includes("html")) this.lastPage = body;
    return { status: response.status, headers: response.headers, body, location: response.headers.get("location") };
  }

  #store(setCookie: string) {
    const [pair = ""] = setCookie.split(";");
    const at = pair.indexOf("=");
    const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1)];
    if (value === "" || /expires=Thu, 01 Jan 1970/i.test(setCookie)) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

export function csrfTokenIn(page: string): string | null {
  return page.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? page.match(/<meta name="csrf-token" content="([^"]+)"/)?.[1] ?? null;
}

/** A page without its CSRF tokens, to compare two pages that should be the same. */
export function withoutCsrfTokens(page: string): string {
  return page.replace(/name="_csrf" value="[^"]+"/g, "").replace(/<meta name="csrf-token" content="[^"]+"/g, "");
}

/** Posts a form with a forged Host header (fetch always sends the real one). Resolves with the status. */
export function postWithHost(client: TestClient, path: string, fields: Record<string, string>, host: string): Promise<number> {
  const body = new URLSearchParams({ _csrf: csrfTokenIn(client.lastPage) ?? "", ...fields }).toString();
  const headers = { host, origin: client.origin, cookie: client.cookieHeader(), "content-type": "application/x-www-form-urlencoded" };
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, client.origin), { method: "POST", headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** GETs a path with a forged Host header. Resolves with the status and body. */
export function getWithHost(client: TestClient, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { host, cookie: client.cookieHeader() };
    const request = httpRequest(new URL(path, client.origin), { headers }, (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

/** GETs a request target byte for byte (fetch would clean it up first), with the client's cookies. Resolves with the status. */
export function getRawTarget(client: TestClient, target: string): Promise<number> {
  const { host, hostname, port } = new URL(client.origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () =>
      socket.write(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\nCookie: ${client.cookieHeader()}\r\nConnection: close\r\n\r\n`),
    );
    let reply = "";
    socket.setEncoding("utf8").on("data", (chunk: string) => (reply += chunk));
    socket.on("end", () => resolve(Number(reply.split(" ")[1])));
    socket.on("error", reject);
  });
}

export async function logInAs(client: TestClient, email: string, password: string, { rememberMe = false } = {}) {
  await client.get("/users/log-in");
  return client.post("/users/log-in", { email, password, ...(rememberMe ? { remember_me: "true" } : {}) });
}

/** Whether the client is logged in: the settings page answers 200 only then. */
export async function isLoggedIn(client: TestClient): Promise<boolean> {
  return (await client.get("/users/settings")).status === 200;
}

/** The token from the last link mailed to `to`. */
export function tokenFromEmail(emails: Email[], to: string): string {
  const email = emails.filter((each) => each.to === to).at(-1);
  const link = email?.text.match(/https?:\/\/\S+/)?.[0];
  if (!link) throw new Error(`no email with a link was sent to ${to}`);
  return link.split("/").at(-1)!;
}

/** Opens a live socket the way the page's script does: cookie, Origin, and the page's CSRF token. */
export async function openLiveSocket(client: TestClient) {
  const page = await client.get("/");
  const url = new URL(`/live/websocket?_csrf=${csrfTokenIn(page.body)}`, client.origin.replace(/^http/, "ws"));
  const ws = new WebSocket(url, { headers: { origin: client.origin, cookie: client.cookieHeader() } });
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  await new Promise<void>((open, fail) => {
    ws.once("open", open);
    ws.once("error", fail);
  });
  return {
    /** The close code, or a failure if the server has not closed the socket in time. */
    closed: () => withTimeout(closed, "the live socket should have been closed"),
    /** A ping answered proves the server had not closed the socket when it got the ping. */
    stillOpen: () => withTimeout(pong(ws), "the live socket should still be open and answer a ping"),
    close: () => ws.close(),
  };
}

function pong(ws: WebSocket): Promise<true> {
  return new Promise((answered) => {
    ws.once("pong", () => answered(true));
    ws.ping(); // throws if the socket is no longer open
  });
}

function withTimeout<T>(promise: Promise<T>, failure: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(failure)), WAIT_IN_MS)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
