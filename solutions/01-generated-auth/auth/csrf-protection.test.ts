import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { userFixture, VALID_PASSWORD } from "../accounts/accounts-fixtures.ts";
import { csrfTokenIn, isLoggedIn, startTestApp, type TestApp } from "./test-support.ts";

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

/** A client on the log-in page, and a user to log in as. */
async function onLogInPage() {
  const user = await userFixture(testApp.accounts);
  const client = testApp.client();
  await client.get("/users/log-in");
  return { client, fields: { email: user.email, password: VALID_PASSWORD } };
}

describe("csrfProtection", () => {
  it("refuses a form without _csrf", async () => {
    const { client, fields } = await onLogInPage();
    const reply = await client.post("/users/log-in", { ...fields, _csrf: null });
    expect(reply.status).toBe(403);
    expect(reply.body).toContain("Invalid or missing CSRF token.");
    expect(await isLoggedIn(client)).toBe(false);
  });

  it("refuses a _csrf that is not the session's", async () => {
    const { client, fields } = await onLogInPage();
    const other = testApp.client();
    const othersToken = csrfTokenIn((await other.get("/users/log-in")).body)!;
    expect((await client.post("/users/log-in", { ...fields, _csrf: othersToken })).status).toBe(403);
  });

  it("refuses a post from another origin, even with a valid _csrf", async () => {
    const { client, fields } = await onLogInPage();
    expect((await client.post("/users/log-in", fields, { origin: "https://evil.example" })).status).toBe(403);
  });

  it("refuses a post the browser marks as cross-site", async () => {
    const { client, fields } = await onLogInPage();
    expect((await client.post("/users/log-in", fields, { "sec-fetch-site": "cross-site" })).status).toBe(403);
  });

  it("accepts the form from our own page", async () => {
    const { client, fields } = await onLogInPage();
    expect((await client.post("/users/log-in", fields, { "sec-fetch-site": "same-origin" })).status).toBe(302);
  });

  it("accepts our own form from a no-referrer page (Origin: null, Sec-Fetch-Site: same-origin)", async () => {
    const { client, fields } = await onLogInPage();
    const headers = { origin: "null", "sec-fetch-site": "same-origin" };
    expect((await client.post("/users/log-in", fields, headers)).status).toBe(302);
  });

  it("refuses Origin: null from a cross-site frame, and when the browser sends no Sec-Fetch-Site", async () => {
    const { client, fields } = await onLogInPage();
    const crossSite = { origin: "null", "sec-fetch-site": "cross-site" };
    expect((await client.post("/users/log-in", fields, crossSite)).status).toBe(403);
    expect((await client.post("/users/log-in", fields, { origin: "null" })).status).toBe(403);
  });

  it("accepts our own form from a loopback alias of the origin, which a development app also answers", async () => {
    const { client, fields } = await onLogInPage();
    const alias = `http://localhost:${new URL(client.origin).port}`;
    const headers = { origin: alias, "sec-fetch-site": "same-origin" };
    expect((await client.post("/users/log-in", fields, headers)).status).toBe(302);
  });

  it("rotates the token on log-in: the one from before no longer works", async () => {
    const { client, fields } = await onLogInPage();
    const before = csrfTokenIn(client.lastPage)!;
    await client.follow(await client.post("/users/log-in", fields));
    expect(csrfTokenIn(client.lastPage), "the page after log-in carries a new token").not.toBe(before);
    expect((await client.post("/users/log-out", { _csrf: before })).status).toBe(403);
    expect(await isLoggedIn(client)).toBe(true);
  });
});
