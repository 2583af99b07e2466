import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { userFixture, uniqueUserEmail, VALID_PASSWORD } from "../accounts/accounts-fixtures.ts";
import { LOG_IN_FAILURES_PER_ACCOUNT, LOG_IN_FAILURES_PER_IP, LOG_IN_WINDOW_IN_MS } from "./login-throttle.ts";
import { csrfTokenIn, isLoggedIn, logInAs, startTestApp, withoutCsrfTokens, type TestApp } from "./test-support.ts";

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

describe("GET /users/log-in", () => {
  it("shows the form: email, password, remember_me and _csrf", async () => {
    const page = await testApp.client().get("/users/log-in");
    expect(page.status).toBe(200);
    for (const field of ["email", "password", "remember_me", "_csrf"]) expect(page.body).toContain(`name="${field}"`);
  });

  it("links to registration and to the forgotten-password page", async () => {
    const page = await testApp.client().get("/users/log-in");
    expect(page.body).toContain('<a href="/users/register">');
    expect(page.body).toContain('<a href="/users/reset-password">');
  });
});

describe("POST /users/log-in", () => {
  it("logs in and says welcome back", async () => {
    const user = await userFixture(testApp.accounts);
    const client = testApp.client();
    const reply = await logInAs(client, user.email, VALID_PASSWORD);
    expect([reply.status, reply.location]).toEqual([302, "/"]);
    expect((await client.follow(reply)).body).toContain("Welcome back!");
  });

  it("answers an unknown email and a wrong password with the same status and page", async () => {
    const user = await userFixture(testApp.accounts);
    const unknownEmail = uniqueUserEmail();
    const client = testApp.client();
    const wrongPassword = await logInAs(client, user.email, "not the password");
    const unknown = await logInAs(client, unknownEmail, VALID_PASSWORD);
    expect([wrongPassword.status, unknown.status]).toEqual([200, 200]);
    expect(unknown.body).toContain("Invalid email or password.");
    const page = (body: string, email: string) => withoutCsrfTokens(body).split(email).join("EMAIL");
    expect(page(unknown.body, unknownEmail), "the pages must not tell which emails have accounts").toBe(page(wrongPassword.body, user.email));
    expect(await isLoggedIn(client)).toBe(false);
  });

  it(`answers 429 after ${LOG_IN_FAILURES_PER_ACCOUNT} failures for one account, and again after the window`, async () => {
    const user = await userFixture(testApp.accounts);
    const client = testApp.client();
    for (let i = 0; i < LOG_IN_FAILURES_PER_ACCOUNT; i++) expect((await logInAs(client, user.email, "wrong password")).status).toBe(200);
    const throttled = await logInAs(client, user.email, VALID_PASSWORD);
    expect(throttled.status, "even the right password waits out the window").toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    testApp.advanceClock(LOG_IN_WINDOW_IN_MS);
    expect((await logInAs(client, user.email, VALID_PASSWORD)).status).toBe(302);
  });

  it(`answers 429 after ${LOG_IN_FAILURES_PER_IP} failures from one IP, whatever the emails`, async () => {
    const client = testApp.client();
    for (let i = 0; i < LOG_IN_FAILURES_PER_IP; i++) await logInAs(client, uniqueUserEmail(), "wrong password");
    expect((await logInAs(client, uniqueUserEmail(), "wrong password")).status).toBe(429);
  });

  it("does not count successful log-ins", async () => {
    const user = await userFixture(testApp.accounts);
    for (let i = 0; i <= LOG_IN_FAILURES_PER_ACCOUNT; i++) {
      expect((await logInAs(testApp.client(), user.email, VALID_PASSWORD)).status).toBe(302);
    }
  });
});

describe("log-out", () => {
  it("logs out with POST and says so", async () => {
    const user = await userFixture(testApp.accounts);
    const client = testApp.client();
    await logInAs(client, user.email, VALID_PASSWORD);
    await client.get("/");
    const reply = await client.post("/users/log-out", {});
    expect([reply.status, reply.location]).toEqual([302, "/"]);
    expect((await client.follow(reply)).body).toContain("Logged out successfully.");
    expect(await isLoggedIn(client)).toBe(false);
  });

  it("answers a visitor who is not logged in the same way", async () => {
    const client = testApp.client();
    await client.get("/users/log-in");
    const reply = await client.post("/users/log-out", {});
    expect([reply.status, reply.location]).toEqual([302, "/"]);
    expect((await client.follow(reply)).body).toContain("Logged out successfully.");
  });

  it("logs out with DELETE and the token in a header", async () => {
    const user = await userFixture(testApp.accounts);
    const client = testApp.client();
    await logInAs(client, user.email, VALID_PASSWORD);
    const token = csrfTokenIn((await client.get("/")).body)!;
    const reply = await client.request("/users/log-out", { method: "DELETE", headers: { "x-csrf-token": token, origin: client.origin } });
    expect(reply.status).toBe(302);
    expect(await isLoggedIn(client)).toBe(false);
  });

  it("never logs out on a GET: a link or an image cannot log anyone out", async () => {
    const user = await userFixture(testApp.accounts);
    const client = testApp.client();
    await logInAs(client, user.email, VALID_PASSWORD);
    expect((await client.get("/users/log-out")).status).toBe(404);
    expect(await isLoggedIn(client)).toBe(true);
  });
});
