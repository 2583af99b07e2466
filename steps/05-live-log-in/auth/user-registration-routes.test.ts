import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { uniqueUserEmail, VALID_PASSWORD } from "../accounts/accounts-fixtures.ts";
import { isLoggedIn, postWithHost, startTestApp, type TestApp } from "./test-support.ts";

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

async function register(email: string, password: string) {
  const client = testApp.client();
  await client.get("/users/register");
  return { client, reply: await client.post("/users/register", { email, password }) };
}

const LINK_PATH = "/users/confirm/";

describe("GET /users/register", () => {
  it("shows the form: email, password and _csrf", async () => {
    const page = await testApp.client().get("/users/register");
    expect(page.status).toBe(200);
    for (const field of ["email", "password", "_csrf"]) expect(page.body).toContain(`name="${field}"`);
  });
});

describe("POST /users/register", () => {
  it("creates the account, logs it in, and sends the new agent to their mission", async () => {
    const { client, reply } = await register(uniqueUserEmail(), VALID_PASSWORD);
    expect([reply.status, reply.location]).toEqual([302, "/mission"]);
    expect((await client.follow(reply)).body).toContain("Account created successfully!");
    expect(await isLoggedIn(client)).toBe(true);
  });

  it("mails a confirmation link built from the configured origin, never from the Host header", async () => {
    const email = uniqueUserEmail();
    const client = testApp.client();
    await client.get("/users/register");
    // localhost is one of the loopback names a development app answers to; its links still name the origin.
    const alias = `localhost:${new URL(testApp.origin).port}`;
    const status = await postWithHost(client, "/users/register", { email, password: VALID_PASSWORD }, alias);
    expect(status).toBe(302);
    const sent = testApp.emails.filter((each) => each.to === email);
    expect(sent.map((each) => each.subject)).toEqual(["Confirmation instructions"]);
    expect(sent[0]!.text).toContain(`${testApp.origin}${LINK_PATH}`);
    expect(sent[0]!.text).not.toContain(alias);
  });

  it("refuses a Host that is not the app's (DNS rebinding) before it registers or mails anything", async () => {
    const email = uniqueUserEmail();
    const client = testApp.client();
    await client.get("/users/register");
    const status = await postWithHost(client, "/users/register", { email, password: VALID_PASSWORD }, "evil.example");
    expect(status).toBe(421);
    expect(testApp.emails.filter((each) => each.to === email)).toEqual([]);
  });

  it("shows the errors and logs nobody in", async () => {
    const { client, reply } = await register("not an email", "short");
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("must have the @ sign and no spaces");
    expect(reply.body).toContain("should be at least 12 characters");
    expect(await isLoggedIn(client)).toBe(false);
  });

  it("refuses an email that is taken, whatever its case", async () => {
    const email = uniqueUserEmail();
    await register(email, VALID_PASSWORD);
    const { reply } = await register(email.toUpperCase(), VALID_PASSWORD);
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("has already been taken");
  });

  it("links to the log-in page", async () => {
    expect((await testApp.client().get("/users/register")).body).toContain('<a href="/users/log-in">');
  });

  it("reports every rule the email breaks, not only the first", async () => {
    const { reply } = await register("a".repeat(200), VALID_PASSWORD);
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("must have the @ sign and no spaces");
    expect(reply.body, "the length rule is broken too").toContain("should be at most 160 characters");
  });

  it("refuses a password over 72 bytes rather than cutting it", async () => {
    const { reply } = await register(uniqueUserEmail(), "🔑".repeat(19)); // 19 characters, 76 bytes
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("should be at most 72 bytes");
  });
});
