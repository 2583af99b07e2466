import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { userFixture, uniqueUserEmail, VALID_PASSWORD } from "../accounts/accounts-fixtures.ts";
import { CONFIRM_VALIDITY_IN_DAYS, DAY_IN_MS } from "../accounts/user-token.ts";
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
  await client.get("/users/confirm");
  const reply = await client.post("/users/confirm", { email });
  return { reply, page: withoutCsrfTokens((await client.follow(reply)).body) };
}

async function unconfirmedWithLink() {
  const user = await userFixture(testApp.accounts);
  await resend(user.email);
  return { user, link: `/users/confirm/${tokenFromEmail(testApp.emails, user.email)}` };
}

describe("GET /users/confirm", () => {
  it("shows the form that sends the link again", async () => {
    const page = await testApp.client().get("/users/confirm");
    expect(page.status).toBe(200);
    expect(page.body).toContain('action="/users/confirm"');
    expect(page.body).toContain('name="email"');
  });
});

describe("POST /users/confirm", () => {
  it("answers the same for an unknown address and a known one; only the inbox can tell", async () => {
    const user = await userFixture(testApp.accounts);
    const known = await resend(user.email);
    const unknown = await resend(uniqueUserEmail());
    expect([known.reply.status, known.reply.location]).toEqual([unknown.reply.status, unknown.reply.location]);
    expect(known.page).toBe(unknown.page);
    expect(known.page).toContain("If your email is in our system and it has not been confirmed yet");
    expect(testApp.emails.map((email) => email.to)).toEqual([user.email]);
  });

  it("mails no link to an account already confirmed, and says the same", async () => {
    const { user, link } = await unconfirmedWithLink();
    const client = testApp.client();
    await client.get(link);
    await client.post(link, {});
    const sentBefore = testApp.emails.length;
    const again = await resend(user.email);
    expect(again.page).toBe((await resend(uniqueUserEmail())).page);
    expect(testApp.emails.length, "a confirmed account needs no link").toBe(sentBefore);
  });

  it(`answers 429 after ${EMAILS_PER_ADDRESS} emails to one address`, async () => {
    const user = await userFixture(testApp.accounts);
    for (let i = 0; i < EMAILS_PER_ADDRESS; i++) expect((await resend(user.email)).reply.status).toBe(302);
    expect((await resend(user.email)).reply.status).toBe(429);
  });
});

describe("/users/confirm/:token", () => {
  it("shows a button on GET, without confirming and without sending a Referer", async () => {
    const { user, link } = await unconfirmedWithLink();
    const page = await testApp.client().get(link);
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(testApp.accounts.getUser(user.id)?.confirmedAt, "a GET changes nothing").toBeNull();
  });

  it("confirms on POST, once", async () => {
    const { user, link } = await unconfirmedWithLink();
    const client = testApp.client();
    await client.get(link);
    expect((await client.follow(await client.post(link, {}))).body).toContain("User confirmed successfully.");
    expect(testApp.accounts.getUser(user.id)?.confirmedAt).toBeTypeOf("number");
    expect((await client.follow(await client.post(link, {}))).body).toContain("User confirmation link is invalid or it has expired.");
  });

  it("logs nobody in", async () => {
    const { link } = await unconfirmedWithLink();
    const client = testApp.client();
    await client.get(link);
    await client.follow(await client.post(link, {}));
    expect(await isLoggedIn(client)).toBe(false);
  });

  it("says nothing to a confirmed user who opens the link again while logged in", async () => {
    const { user, link } = await unconfirmedWithLink();
    const anonymous = testApp.client();
    await anonymous.get(link);
    await anonymous.post(link, {});
    const client = testApp.client();
    await logInAs(client, user.email, VALID_PASSWORD);
    await client.get(link);
    const reply = await client.post(link, {});
    expect(reply.location).toBe("/");
    expect((await client.follow(reply)).body).not.toContain("link is invalid or it has expired");
  });

  it("refuses a made-up token, and says so", async () => {
    const client = testApp.client();
    await client.get("/users/confirm/oops");
    expect((await client.follow(await client.post("/users/confirm/oops", {}))).body).toContain(
      "User confirmation link is invalid or it has expired.",
    );
  });

  it(`refuses a link older than ${CONFIRM_VALIDITY_IN_DAYS} days`, async () => {
    const { user, link } = await unconfirmedWithLink();
    testApp.advanceClock(CONFIRM_VALIDITY_IN_DAYS * DAY_IN_MS);
    const client = testApp.client();
    await client.get(link);
    expect((await client.follow(await client.post(link, {}))).body).toContain("link is invalid or it has expired");
    expect(testApp.accounts.getUser(user.id)?.confirmedAt).toBeNull();
  });
});
