import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../app.ts";
import { __schema__Fixture, VALID_PASSWORD } from "../__context_kebab__/__context_kebab__-fixtures.ts";
import { DAY_IN_MS, SESSION_VALIDITY_IN_DAYS } from "../__context_kebab__/__schema_kebab__-token.ts";
import { REMEMBER_ME_COOKIE, rememberMeCookie } from "./remember-me-cookie.ts";
import { isLoggedIn, logInAs, startTestApp, type TestApp } from "./test-support.ts";

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

async function logIn(options: { rememberMe?: boolean } = {}) {
  const __schema__ = await __schema__Fixture(testApp.__context__);
  const client = testApp.client();
  const reply = await logInAs(client, __schema__.email, VALID_PASSWORD, options);
  const line = (name: string) => client.setCookies.find((each) => each.startsWith(`${name}=`));
  const cookies = { sessionCookie: line(SESSION_COOKIE), rememberMeCookie: line(REMEMBER_ME_COOKIE) };
  await client.follow(reply); // as a browser would: the next form carries the new CSRF token
  return { client, ...cookies };
}

/** A client that carries only the remember-me cookie: a browser restarted. */
function restartedBrowser(rememberMe: string) {
  const client = testApp.client();
  client.cookies.set(REMEMBER_ME_COOKIE, rememberMe);
  return client;
}

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax, Path=/, has no Domain, and ends with the browser", async () => {
    const { sessionCookie } = await logIn();
    expect(sessionCookie, "log-in should set the session cookie").toBeDefined();
    expect(sessionCookie).toMatch(/; HttpOnly/i);
    expect(sessionCookie).toMatch(/; SameSite=Lax/i);
    expect(sessionCookie).toMatch(/; Path=\//i);
    expect(sessionCookie).not.toMatch(/; (Domain|Max-Age|Expires)=/i);
  });

  it("carries a random session id of at least 128 bits", async () => {
    const ids = await Promise.all([logIn(), logIn()].map(async (login) => {
      const value = decodeURIComponent((await login).sessionCookie!.split(";")[0]!.split("=")[1]!);
      return value.slice(2, value.lastIndexOf(".")); // "s:<id>.<signature>"
    }));
    for (const id of ids) expect(Buffer.from(id, "base64url").length * 8).toBeGreaterThanOrEqual(128);
    expect(ids[0]).not.toBe(ids[1]);
  });
});

describe("the remember-me cookie", () => {
  it("is not set without remember me", async () => {
    const { rememberMeCookie } = await logIn();
    expect(rememberMeCookie).toBeUndefined();
  });

  it("is signed, HttpOnly, SameSite=Lax, and lasts 14 days", async () => {
    const { rememberMeCookie } = await logIn({ rememberMe: true });
    expect(rememberMeCookie).toMatch(/^live_auth_remember_me=[\w-]+\.[\w-]+;/);
    expect(rememberMeCookie).toMatch(/; HttpOnly/i);
    expect(rememberMeCookie).toMatch(/; SameSite=Lax/i);
    expect(rememberMeCookie).toMatch(new RegExp(`; Max-Age=${(SESSION_VALIDITY_IN_DAYS * DAY_IN_MS) / 1000}`, "i"));
  });

  it("logs the __schema_human__ back in, in a new session, when the session is gone", async () => {
    const { client } = await logIn({ rememberMe: true });
    const restarted = restartedBrowser(client.cookies.get(REMEMBER_ME_COOKIE)!);
    expect(await isLoggedIn(restarted)).toBe(true);
    expect(restarted.cookies.get(SESSION_COOKIE), "the cookie should start a session").toBeDefined();
  });

  it("is refused when its signature does not match", async () => {
    const { client } = await logIn({ rememberMe: true });
    const [token] = client.cookies.get(REMEMBER_ME_COOKIE)!.split(".");
    expect(await isLoggedIn(restartedBrowser(`${token}.not-the-signature`))).toBe(false);
    expect(await isLoggedIn(restartedBrowser(token!)), "an unsigned token is refused").toBe(false);
  });

  it("stops working after 14 days whatever the browser keeps: the server checks the token's age", async () => {
    const { client } = await logIn({ rememberMe: true });
    const cookie = client.cookies.get(REMEMBER_ME_COOKIE)!;
    testApp.advanceClock(SESSION_VALIDITY_IN_DAYS * DAY_IN_MS);
    const restarted = restartedBrowser(cookie);
    expect(await isLoggedIn(restarted)).toBe(false);
    expect(restarted.cookies.has(REMEMBER_ME_COOKIE), "a dead remember-me cookie is cleared").toBe(false);
  });

  it("is cleared on log-out, and the cookie replayed gets nothing", async () => {
    const { client } = await logIn({ rememberMe: true });
    const cookie = client.cookies.get(REMEMBER_ME_COOKIE)!;
    await client.post("/__table_kebab__/log-out", {});
    expect(client.cookies.has(REMEMBER_ME_COOKIE)).toBe(false);
    expect(await isLoggedIn(restartedBrowser(cookie))).toBe(false);
  });
});

describe("rememberMeCookie", () => {
  it("is Secure when the app is served over https, so it never travels in clear", async () => {
    const app = express().get("/", (_req, res) => {
      rememberMeCookie("a secret", true).write(res, "a-token");
      res.end();
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((listening) => server.once("listening", listening));
    try {
      const reply = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(reply.headers.getSetCookie()[0]).toMatch(/; Secure/i);
    } finally {
      server.close();
    }
  });
});
