import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../app.ts";
import { __schema__Fixture, unique__Schema__Email, VALID_PASSWORD } from "../__context_kebab__/__context_kebab__-fixtures.ts";
import { CHANGE_EMAIL_VALIDITY_IN_DAYS, DAY_IN_MS } from "../__context_kebab__/__schema_kebab__-token.ts";
import { isLoggedIn, logInAs, openLiveSocket, startTestApp, tokenFromEmail, type TestApp } from "./test-support.ts";

const NEW_PASSWORD = "a new password, quite long";

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

async function loggedInClient() {
  const __schema__ = await __schema__Fixture(testApp.__context__);
  const client = testApp.client();
  await logInAs(client, __schema__.email, VALID_PASSWORD);
  await client.get("/__table_kebab__/settings");
  return { __schema__, client };
}

describe("GET /__table_kebab__/settings", () => {
  it("needs a logged-in __schema_human__", async () => {
    expect((await testApp.client().get("/__table_kebab__/settings")).location).toBe("/__table_kebab__/log-in");
  });

  it("shows who is logged in, and both forms", async () => {
    const { __schema__, client } = await loggedInClient();
    const page = await client.get("/__table_kebab__/settings");
    expect(page.status).toBe(200);
    expect(page.body).toContain(__schema__.email);
    expect(page.body).toContain('action="/__table_kebab__/settings/email"');
    expect(page.body).toContain('action="/__table_kebab__/settings/password"');
  });
});

describe("POST /__table_kebab__/settings/email", () => {
  it("requires the current password", async () => {
    const { client } = await loggedInClient();
    const reply = await client.post("/__table_kebab__/settings/email", { email: unique__Schema__Email(), current_password: "wrong password" });
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("Current password is not valid");
    expect(testApp.emails.filter((email) => email.subject === "Update email instructions")).toHaveLength(0);
  });

  it("reports every rule the new email breaks, not only the first", async () => {
    const { client } = await loggedInClient();
    const reply = await client.post("/__table_kebab__/settings/email", { email: "a".repeat(200), current_password: VALID_PASSWORD });
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("must have the @ sign and no spaces");
    expect(reply.body, "the length rule is broken too").toContain("should be at most 160 characters");
  });

  it("mails a link to the new address; its page changes nothing until its button is pressed", async () => {
    const { __schema__, client } = await loggedInClient();
    const newEmail = unique__Schema__Email();
    const reply = await client.post("/__table_kebab__/settings/email", { email: newEmail, current_password: VALID_PASSWORD });
    expect((await client.follow(reply)).body).toContain("A link to confirm your email change has been sent to the new address.");
    const link = `/__table_kebab__/settings/confirm-email/${tokenFromEmail(testApp.emails, newEmail)}`;

    const page = await client.get(link);
    expect(page.headers.get("referrer-policy"), "a page with a token in its URL sends no Referer").toBe("no-referrer");
    expect(testApp.__context__.get__Schema__(__schema__.id)?.email, "a GET changes nothing").toBe(__schema__.email);

    const confirmed = await client.post(link, {});
    expect((await client.follow(confirmed)).body).toContain("Email changed successfully.");
    expect(testApp.__context__.get__Schema__(__schema__.id)?.email).toBe(newEmail);
    expect((await client.follow(await client.post(link, {}))).body).toContain("Email change link is invalid or it has expired.");
  });
});

describe("/__table_kebab__/settings/confirm-email/:token", () => {
  async function emailChangeLink() {
    const { __schema__, client } = await loggedInClient();
    const newEmail = unique__Schema__Email();
    await client.post("/__table_kebab__/settings/email", { email: newEmail, current_password: VALID_PASSWORD });
    return { __schema__, link: `/__table_kebab__/settings/confirm-email/${tokenFromEmail(testApp.emails, newEmail)}` };
  }

  it("needs a logged-in __schema_human__", async () => {
    const { link } = await emailChangeLink();
    expect((await testApp.client().get(link)).location).toBe("/__table_kebab__/log-in");
  });

  it("refuses a made-up token, and says so", async () => {
    const { __schema__, client } = await loggedInClient();
    await client.get("/__table_kebab__/settings/confirm-email/oops");
    const reply = await client.post("/__table_kebab__/settings/confirm-email/oops", {});
    expect((await client.follow(reply)).body).toContain("Email change link is invalid or it has expired.");
    expect(testApp.__context__.get__Schema__(__schema__.id)?.email).toBe(__schema__.email);
  });

  it(`refuses a link older than ${CHANGE_EMAIL_VALIDITY_IN_DAYS} days`, async () => {
    const { __schema__, link } = await emailChangeLink();
    testApp.advanceClock(CHANGE_EMAIL_VALIDITY_IN_DAYS * DAY_IN_MS);
    const client = testApp.client(); // the first session has long been idle
    await logInAs(client, __schema__.email, VALID_PASSWORD);
    await client.get(link);
    expect((await client.follow(await client.post(link, {}))).body).toContain("Email change link is invalid or it has expired.");
    expect(testApp.__context__.get__Schema__(__schema__.id)?.email).toBe(__schema__.email);
  });
});

describe("POST /__table_kebab__/settings/password", () => {
  const change = (currentPassword: string) => ({ password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD, current_password: currentPassword });

  it("requires the current password", async () => {
    const { client } = await loggedInClient();
    const reply = await client.post("/__table_kebab__/settings/password", change("wrong password"));
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("Current password is not valid");
  });

  it("shows every error of a bad new password, and keeps the old one", async () => {
    const { __schema__, client } = await loggedInClient();
    const reply = await client.post("/__table_kebab__/settings/password", { password: "short", password_confirmation: "other", current_password: "wrong" });
    expect(reply.status).toBe(422);
    const errors = ["should be at least 12 characters", "does not match password", "Current password is not valid"];
    for (const error of errors) expect(reply.body).toContain(error);
    expect(await testApp.__context__.get__Schema__ByEmailAndPassword(__schema__.email, VALID_PASSWORD)).not.toBeNull();
  });

  it("changes the password and logs in again here, in a new session", async () => {
    const { __schema__, client } = await loggedInClient();
    const before = client.cookies.get(SESSION_COOKIE);
    const reply = await client.post("/__table_kebab__/settings/password", change(VALID_PASSWORD));
    expect(reply.location).toBe("/__table_kebab__/settings");
    expect((await client.follow(reply)).body).toContain("Password updated successfully.");
    expect(client.cookies.get(SESSION_COOKIE), "a new session id after a password change").not.toBe(before);
    expect(await isLoggedIn(client)).toBe(true);
    expect(await testApp.__context__.get__Schema__ByEmailAndPassword(__schema__.email, NEW_PASSWORD)).not.toBeNull();
  });

  it("ends every other session of the __schema_human__ and closes their sockets", async () => {
    const { __schema__, client } = await loggedInClient();
    const elsewhere = testApp.client();
    await logInAs(elsewhere, __schema__.email, VALID_PASSWORD);
    const { client: stranger } = await loggedInClient();
    const sockets = { here: await openLiveSocket(client), elsewhere: await openLiveSocket(elsewhere), stranger: await openLiveSocket(stranger) };
    await client.get("/__table_kebab__/settings");
    await client.post("/__table_kebab__/settings/password", change(VALID_PASSWORD));
    expect(await isLoggedIn(elsewhere), "the other session should be logged out").toBe(false);
    expect(await sockets.elsewhere.closed()).toBe(4401);
    expect(await sockets.here.closed(), "this session's old socket belongs to the old token").toBe(4401);
    expect(await sockets.stranger.stillOpen(), "another __schema_human__'s socket stays open").toBe(true);
    sockets.stranger.close();
  });
});
