import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { unique__Schema__Email, VALID_PASSWORD } from "../__context_kebab__/__context_kebab__-fixtures.ts";
import { isLoggedIn, postWithHost, startTestApp, type TestApp } from "./test-support.ts";

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

async function register(email: string, password: string) {
  const client = testApp.client();
  await client.get("/__table_kebab__/register");
  return { client, reply: await client.post("/__table_kebab__/register", { email, password }) };
}

// with --passwordless
// Its form, and what it does with the email alone: __schema_kebab__-passwordless-routes.test.ts.
const LINK_PATH = "/__table_kebab__/log-in/"; // the magic link confirms the account
// without --passwordless
const LINK_PATH = "/__table_kebab__/confirm/";

describe("GET /__table_kebab__/register", () => {
  it("shows the form: email, password and _csrf", async () => {
    const page = await testApp.client().get("/__table_kebab__/register");
    expect(page.status).toBe(200);
    for (const field of ["email", "password", "_csrf"]) expect(page.body).toContain(`name="${field}"`);
  });
});
// end --passwordless

describe("POST /__table_kebab__/register", () => {
  // without --passwordless
  it("creates the account, logs it in, and says so", async () => {
    const { client, reply } = await register(unique__Schema__Email(), VALID_PASSWORD);
    expect([reply.status, reply.location]).toEqual([302, "/"]);
    expect((await client.follow(reply)).body).toContain("Account created successfully!");
    expect(await isLoggedIn(client)).toBe(true);
  });

  // end --passwordless
  it("mails a confirmation link built from the configured origin, never from the Host header", async () => {
    const email = unique__Schema__Email();
    const client = testApp.client();
    await client.get("/__table_kebab__/register");
    // localhost is one of the loopback names a development app answers to; its links still name the origin.
    const alias = `localhost:${new URL(testApp.origin).port}`;
    const status = await postWithHost(client, "/__table_kebab__/register", { email, password: VALID_PASSWORD }, alias);
    expect(status).toBe(302);
    const sent = testApp.emails.filter((each) => each.to === email);
    expect(sent.map((each) => each.subject)).toEqual(["Confirmation instructions"]);
    expect(sent[0]!.text).toContain(`${testApp.origin}${LINK_PATH}`);
    expect(sent[0]!.text).not.toContain(alias);
  });

  it("refuses a Host that is not the app's (DNS rebinding) before it registers or mails anything", async () => {
    const email = unique__Schema__Email();
    const client = testApp.client();
    await client.get("/__table_kebab__/register");
    const status = await postWithHost(client, "/__table_kebab__/register", { email, password: VALID_PASSWORD }, "evil.example");
    expect(status).toBe(421);
    expect(testApp.emails.filter((each) => each.to === email)).toEqual([]);
  });

  it("shows the errors and logs nobody in", async () => {
    const { client, reply } = await register("not an email", "short");
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("must have the @ sign and no spaces");
    // without --passwordless
    expect(reply.body).toContain("should be at least 12 characters");
    // end --passwordless
    expect(await isLoggedIn(client)).toBe(false);
  });

  // without --passwordless
  it("refuses an email that is taken, whatever its case", async () => {
    const email = unique__Schema__Email();
    await register(email, VALID_PASSWORD);
    const { reply } = await register(email.toUpperCase(), VALID_PASSWORD);
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("has already been taken");
  });
  // end --passwordless

  it("links to the log-in page", async () => {
    expect((await testApp.client().get("/__table_kebab__/register")).body).toContain('<a href="/__table_kebab__/log-in">');
  });

  it("reports every rule the email breaks, not only the first", async () => {
    const { reply } = await register("a".repeat(200), VALID_PASSWORD);
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("must have the @ sign and no spaces");
    expect(reply.body, "the length rule is broken too").toContain("should be at most 160 characters");
  });

  // without --passwordless
  it("refuses a password over 72 bytes rather than cutting it", async () => {
    const { reply } = await register(unique__Schema__Email(), "🔑".repeat(19)); // 19 characters, 76 bytes
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("should be at most 72 bytes");
  });
  // end --passwordless
});
