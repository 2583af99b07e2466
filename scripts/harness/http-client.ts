/**
 * A tiny browser stand-in for tests: fetch with a cookie jar, no automatic
 * redirects (tests look at them), and form posts that carry the page's _csrf.
 */
import { request as httpRequest } from "node:http";

export type Reply = { status: number; headers: Headers; body: string; location: string | null };

export class HttpClient {
  readonly cookies = new Map<string, string>();
  /** Raw Set-Cookie lines of the last response, for checking attributes. */
  setCookies: string[] = [];
  lastHtml = "";

  constructor(readonly origin: string) {}

  /** The same browser talking to another node, as a proxy without sticky sessions sends it: a copy of its cookies and last page. */
  sameBrowserOn(origin: string): HttpClient {
    const there = new HttpClient(origin);
    for (const [name, value] of this.cookies) there.cookies.set(name, value);
    there.lastHtml = this.lastHtml;
    return there;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    return this.#request(path, { method: "GET", headers });
  }

  /** Posts a form with the last page's _csrf; pass `_csrf: null` to leave it out. */
  post(path: string, fields: Record<string, string | null>, headers: Record<string, string> = {}): Promise<Reply> {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries({ _csrf: csrfFrom(this.lastHtml), ...fields })) {
      if (value !== null) body.set(key, value);
    }
    const formHeaders = { "content-type": "application/x-www-form-urlencoded", origin: this.origin, ...headers };
    return this.#request(path, { method: "POST", headers: formHeaders, body: body.toString() });
  }

  /** Follows redirects like a browser would, returning the final reply. */
  async follow(reply: Reply): Promise<Reply> {
    let current = reply;
    for (let hops = 0; hops < 10 && current.location; hops++) {
      const next = new URL(current.location, this.origin);
      current = await this.get(next.pathname + next.search);
    }
    return current;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async #request(path: string, init: RequestInit): Promise<Reply> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", this.cookieHeader());
    const response = await fetch(this.origin + path, { ...init, headers, redirect: "manual" });
    this.setCookies = response.headers.getSetCookie();
    this.#store(this.setCookies);
    const body = await response.text();
    if ((response.headers.get("content-type") ?? "").includes("html")) this.lastHtml = body;
    const location = response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
    return { status: response.status, headers: response.headers, body, location };
  }

  #store(setCookies: string[]) {
    for (const line of setCookies) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1);
      const expired = /max-age=0|expires=Thu, 01 Jan 1970/i.test(line);
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export function csrfFrom(html: string): string | null {
  return html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? html.match(/<meta name="csrf-token" content="([^"]+)"/)?.[1] ?? null;
}

/** A GET with headers fetch will not send as given (a forged Host). Resolves with the status and body. */
export function rawGet(origin: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, origin), { headers }, (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.end();
  });
}
