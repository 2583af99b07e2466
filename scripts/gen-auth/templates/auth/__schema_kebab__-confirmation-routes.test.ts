import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { __schema__Fixture, unique__Schema__Email, VALID_PASSWORD } from "../__context_kebab__/__context_kebab__-fixtures.ts";
import { CONFIRM_VALIDITY_IN_DAYS, DAY_IN_MS } from "../__context_kebab__/__schema_kebab__-token.ts";
import { EMAILS_PER_ADDRESS } from "./login-throttle.ts";
import { isLoggedIn, logInAs, startTestApp, tokenFromEmail, withoutCsrfTokens, type TestApp } from "./test-support.ts";

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

/** Asks for a confirmation link for `email`; returns the reply and the page it leads to. */
async function resend(email: string) {
  const client = testApp.client();
  await client.get("/__table_kebab__/confirm");
  const reply = await client.post("/__table_kebab__/confirm", { email });
  return { reply, page: withoutCsrfTokens((await client.follow(reply)).body) };
}

async function unconfirmedWithLink() {
  const __schema__ = await __schema__Fixture(testApp.__context__);
  await resend(__schema__.email);
  return { __schema__, link: `/__table_kebab__/confirm/${tokenFromEmail(testApp.emails, __schema__.email)}` };
}

describe("GET /__table_kebab__/confirm", () => {
  it("shows the form that sends the link again", async () => {
    const page = await testApp.client().get("/__table_kebab__/confirm");
    expect(page.status).toBe(200);
    expect(page.body).toContain('action="/__table_kebab__/confirm"');
    expect(page.body).toContain('name="email"');
  });
});

describe("POST /__table_kebab__/confirm", () => {
  it("answers the same for an unknown address and a known one; only the inbox can tell", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const known = await resend(__schema__.email);
    const unknown = await resend(unique__Schema__Email());
    expect([known.reply.status, known.reply.location]).toEqual([unknown.reply.status, unknown.reply.location]);
    expect(known.page).toBe(unknown.page);
    expect(known.page).toContain("If your email is in our system and it has not been confirmed yet");
    expect(testApp.emails.map((email) => email.to)).toEqual([__schema__.email]);
  });

  it("mails no link to an account already confirmed, and says the same", async () => {
    const { __schema__, link } = await unconfirmedWithLink();
    const client = testApp.client();
    await client.get(link);
    await client.post(link, {});
    const sentBefore = testApp.emails.length;
    const again = await resend(__schema__.email);
    expect(again.page).toBe((await resend(unique__Schema__Email())).page);
    expect(testApp.emails.length, "a confirmed account needs no link").toBe(sentBefore);
  });

  it(`answers 429 after ${EMAILS_PER_ADDRESS} emails to one address`, async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    for (let i = 0; i < EMAILS_PER_ADDRESS; i++) expect((await resend(__schema__.email)).reply.status).toBe(302);
    expect((await resend(__schema__.email)).reply.status).toBe(429);
  });
});

describe("/__table_kebab__/confirm/:token", () => {
  it("shows a button on GET, without confirming and without sending a Referer", async () => {
    const { __schema__, link } = await unconfirmedWithLink();
    const page = await testApp.client().get(link);
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(testApp.__context__.get__Schema__(__schema__.id)?.confirmedAt, "a GET changes nothing").toBeNull();
  });

  it("confirms on POST, once", async () => {
    const { __schema__, link } = await unconfirmedWithLink();
    const client = testApp.client();
    await client.get(link);
    expect((await client.follow(await client.post(link, {}))).body).toContain("__Schema_human__ confirmed successfully.");
    expect(testApp.__context__.get__Schema__(__schema__.id)?.confirmedAt).toBeTypeOf("number");
    expect((await client.follow(await client.post(link, {}))).body).toContain("__Schema_human__ confirmation link is invalid or it has expired.");
  });

  it("logs nobody in", async () => {
    const { link } = await unconfirmedWithLink();
    const client = testApp.client();
    await client.get(link);
    await client.follow(await client.post(link, {}));
    expect(await isLoggedIn(client)).toBe(false);
  });

  it("says nothing to a confirmed __schema_human__ who opens the link again while logged in", async () => {
    const { __schema__, link } = await unconfirmedWithLink();
    const anonymous = testApp.client();
    await anonymous.get(link);
    await anonymous.post(link, {});
    const client = testApp.client();
    await logInAs(client, __schema__.email, VALID_PASSWORD);
    await client.get(link);
    const reply = await client.post(link, {});
    expect(reply.location).toBe("/");
    expect((await client.follow(reply)).body).not.toContain("link is invalid or it has expired");
  });

  it("refuses a made-up token, and says so", async () => {
    const client = testApp.client();
    await client.get("/__table_kebab__/confirm/oops");
    expect((await client.follow(await client.post("/__table_kebab__/confirm/oops", {}))).body).toContain(
      "__Schema_human__ confirmation link is invalid or it has expired.",
    );
  });

  it(`refuses a link older than ${CONFIRM_VALIDITY_IN_DAYS} days`, async () => {
    const { __schema__, link } = await unconfirmedWithLink();
    testApp.advanceClock(CONFIRM_VALIDITY_IN_DAYS * DAY_IN_MS);
    const client = testApp.client();
    await client.get(link);
    expect((await client.follow(await client.post(link, {}))).body).toContain("link is invalid or it has expired");
    expect(testApp.__context__.get__Schema__(__schema__.id)?.confirmedAt).toBeNull();
  });
});
