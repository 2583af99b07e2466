import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { __schema__Fixture, unique__Schema__Email, VALID_PASSWORD } from "../__context_kebab__/__context_kebab__-fixtures.ts";
import { LOG_IN_FAILURES_PER_ACCOUNT, LOG_IN_FAILURES_PER_IP, LOG_IN_WINDOW_IN_MS } from "./login-throttle.ts";
import { csrfTokenIn, isLoggedIn, logInAs, startTestApp, withoutCsrfTokens, type TestApp } from "./test-support.ts";

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

describe("GET /__table_kebab__/log-in", () => {
  it("shows the form: email, password, remember_me and _csrf", async () => {
    const page = await testApp.client().get("/__table_kebab__/log-in");
    expect(page.status).toBe(200);
    for (const field of ["email", "password", "remember_me", "_csrf"]) expect(page.body).toContain(`name="${field}"`);
  });

  it("links to registration and to the forgotten-password page", async () => {
    const page = await testApp.client().get("/__table_kebab__/log-in");
    expect(page.body).toContain('<a href="/__table_kebab__/register">');
    expect(page.body).toContain('<a href="/__table_kebab__/reset-password">');
  });
});

describe("POST /__table_kebab__/log-in", () => {
  it("logs in and says welcome back", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const client = testApp.client();
    const reply = await logInAs(client, __schema__.email, VALID_PASSWORD);
    expect([reply.status, reply.location]).toEqual([302, "/"]);
    expect((await client.follow(reply)).body).toContain("Welcome back!");
  });

  it("answers an unknown email and a wrong password with the same status and page", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const unknownEmail = unique__Schema__Email();
    const client = testApp.client();
    const wrongPassword = await logInAs(client, __schema__.email, "not the password");
    const unknown = await logInAs(client, unknownEmail, VALID_PASSWORD);
    expect([wrongPassword.status, unknown.status]).toEqual([200, 200]);
    expect(unknown.body).toContain("Invalid email or password.");
    const page = (body: string, email: string) => withoutCsrfTokens(body).split(email).join("EMAIL");
    expect(page(unknown.body, unknownEmail), "the pages must not tell which emails have accounts").toBe(page(wrongPassword.body, __schema__.email));
    expect(await isLoggedIn(client)).toBe(false);
  });

  it(`answers 429 after ${LOG_IN_FAILURES_PER_ACCOUNT} failures for one account, and again after the window`, async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const client = testApp.client();
    for (let i = 0; i < LOG_IN_FAILURES_PER_ACCOUNT; i++) expect((await logInAs(client, __schema__.email, "wrong password")).status).toBe(200);
    const throttled = await logInAs(client, __schema__.email, VALID_PASSWORD);
    expect(throttled.status, "even the right password waits out the window").toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    testApp.advanceClock(LOG_IN_WINDOW_IN_MS);
    expect((await logInAs(client, __schema__.email, VALID_PASSWORD)).status).toBe(302);
  });

  it(`answers 429 after ${LOG_IN_FAILURES_PER_IP} failures from one IP, whatever the emails`, async () => {
    const client = testApp.client();
    for (let i = 0; i < LOG_IN_FAILURES_PER_IP; i++) await logInAs(client, unique__Schema__Email(), "wrong password");
    expect((await logInAs(client, unique__Schema__Email(), "wrong password")).status).toBe(429);
  });

  it("does not count successful log-ins", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    for (let i = 0; i <= LOG_IN_FAILURES_PER_ACCOUNT; i++) {
      expect((await logInAs(testApp.client(), __schema__.email, VALID_PASSWORD)).status).toBe(302);
    }
  });
});

describe("log-out", () => {
  it("logs out with POST and says so", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const client = testApp.client();
    await logInAs(client, __schema__.email, VALID_PASSWORD);
    await client.get("/");
    const reply = await client.post("/__table_kebab__/log-out", {});
    expect([reply.status, reply.location]).toEqual([302, "/"]);
    expect((await client.follow(reply)).body).toContain("Logged out successfully.");
    expect(await isLoggedIn(client)).toBe(false);
  });

  it("answers a visitor who is not logged in the same way", async () => {
    const client = testApp.client();
    await client.get("/__table_kebab__/log-in");
    const reply = await client.post("/__table_kebab__/log-out", {});
    expect([reply.status, reply.location]).toEqual([302, "/"]);
    expect((await client.follow(reply)).body).toContain("Logged out successfully.");
  });

  it("logs out with DELETE and the token in a header", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const client = testApp.client();
    await logInAs(client, __schema__.email, VALID_PASSWORD);
    const token = csrfTokenIn((await client.get("/")).body)!;
    const reply = await client.request("/__table_kebab__/log-out", { method: "DELETE", headers: { "x-csrf-token": token, origin: client.origin } });
    expect(reply.status).toBe(302);
    expect(await isLoggedIn(client)).toBe(false);
  });

  it("never logs out on a GET: a link or an image cannot log anyone out", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const client = testApp.client();
    await logInAs(client, __schema__.email, VALID_PASSWORD);
    expect((await client.get("/__table_kebab__/log-out")).status).toBe(404);
    expect(await isLoggedIn(client)).toBe(true);
  });
});
