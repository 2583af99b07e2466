import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../app.ts";
import { userFixture, uniqueUserEmail, VALID_PASSWORD } from "../accounts/accounts-fixtures.ts";
import { CHANGE_EMAIL_VALIDITY_IN_DAYS, DAY_IN_MS } from "../accounts/user-token.ts";
import { isLoggedIn, logInAs, openLiveSocket, startTestApp, tokenFromEmail, type TestApp } from "./test-support.ts";

const NEW_PASSWORD = "a new password, quite long";

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

async function loggedInClient() {
  const user = await userFixture(testApp.accounts);
  const client = testApp.client();
  await logInAs(client, user.email, VALID_PASSWORD);
  await client.get("/users/settings");
  return { user, client };
}

describe("GET /users/settings", () => {
  it("needs a logged-in user", async () => {
    expect((await testApp.client().get("/users/settings")).location).toBe("/users/log-in");
  });

  it("shows who is logged in, and both forms", async () => {
    const { user, client } = await loggedInClient();
    const page = await client.get("/users/settings");
    expect(page.status).toBe(200);
    expect(page.body).toContain(user.email);
    expect(page.body).toContain('action="/users/settings/email"');
    expect(page.body).toContain('action="/users/settings/password"');
  });
});

describe("POST /users/settings/email", () => {
  it("requires the current password", async () => {
    const { client } = await loggedInClient();
    const reply = await client.post("/users/settings/email", { email: uniqueUserEmail(), current_password: "wrong password" });
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("Current password is not valid");
    expect(testApp.emails.filter((email) => email.subject === "Update email instructions")).toHaveLength(0);
  });

  it("reports every rule the new email breaks, not only the first", async () => {
    const { client } = await loggedInClient();
    const reply = await client.post("/users/settings/email", { email: "a".repeat(200), current_password: VALID_PASSWORD });
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("must have the @ sign and no spaces");
    expect(reply.body, "the length rule is broken too").toContain("should be at most 160 characters");
  });

  it("mails a link to the new address; its page changes nothing until its button is pressed", async () => {
    const { user, client } = await loggedInClient();
    const newEmail = uniqueUserEmail();
    const reply = await client.post("/users/settings/email", { email: newEmail, current_password: VALID_PASSWORD });
    expect((await client.follow(reply)).body).toContain("A link to confirm your email change has been sent to the new address.");
    const link = `/users/settings/confirm-email/${tokenFromEmail(testApp.emails, newEmail)}`;

    const page = await client.get(link);
    expect(page.headers.get("referrer-policy"), "a page with a token in its URL sends no Referer").toBe("no-referrer");
    expect(testApp.accounts.getUser(user.id)?.email, "a GET changes nothing").toBe(user.email);

    const confirmed = await client.post(link, {});
    expect((await client.follow(confirmed)).body).toContain("Email changed successfully.");
    expect(testApp.accounts.getUser(user.id)?.email).toBe(newEmail);
    expect((await client.follow(await client.post(link, {}))).body).toContain("Email change link is invalid or it has expired.");
  });
});

describe("/users/settings/confirm-email/:token", () => {
  async function emailChangeLink() {
    const { user, client } = await loggedInClient();
    const newEmail = uniqueUserEmail();
    await client.post("/users/settings/email", { email: newEmail, current_password: VALID_PASSWORD });
    return { user, link: `/users/settings/confirm-email/${tokenFromEmail(testApp.emails, newEmail)}` };
  }

  it("needs a logged-in user", async () => {
    const { link } = await emailChangeLink();
    expect((await testApp.client().get(link)).location).toBe("/users/log-in");
  });

  it("refuses a made-up token, and says so", async () => {
    const { user, client } = await loggedInClient();
    await client.get("/users/settings/confirm-email/oops");
    const reply = await client.post("/users/settings/confirm-email/oops", {});
    expect((await client.follow(reply)).body).toContain("Email change link is invalid or it has expired.");
    expect(testApp.accounts.getUser(user.id)?.email).toBe(user.email);
  });

  it(`refuses a link older than ${CHANGE_EMAIL_VALIDITY_IN_DAYS} days`, async () => {
    const { user, link } = await emailChangeLink();
    testApp.advanceClock(CHANGE_EMAIL_VALIDITY_IN_DAYS * DAY_IN_MS);
    const client = testApp.client(); // the first session has long been idle
    await logInAs(client, user.email, VALID_PASSWORD);
    await client.get(link);
    expect((await client.follow(await client.post(link, {}))).body).toContain("Email change link is invalid or it has expired.");
    expect(testApp.accounts.getUser(user.id)?.email).toBe(user.email);
  });
});

describe("POST /users/settings/password", () => {
  const change = (currentPassword: string) => ({ password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD, current_password: currentPassword });

  it("requires the current password", async () => {
    const { client } = await loggedInClient();
    const reply = await client.post("/users/settings/password", change("wrong password"));
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("Current password is not valid");
  });

  it("shows every error of a bad new password, and keeps the old one", async () => {
    const { user, client } = await loggedInClient();
    const reply = await client.post("/users/settings/password", { password: "short", password_confirmation: "other", current_password: "wrong" });
    expect(reply.status).toBe(422);
    const errors = ["should be at least 12 characters", "does not match password", "Current password is not valid"];
    for (const error of errors) expect(reply.body).toContain(error);
    expect(await testApp.accounts.getUserByEmailAndPassword(user.email, VALID_PASSWORD)).not.toBeNull();
  });

  it("changes the password and logs in again here, in a new session", async () => {
    const { user, client } = await loggedInClient();
    const before = client.cookies.get(SESSION_COOKIE);
    const reply = await client.post("/users/settings/password", change(VALID_PASSWORD));
    expect(reply.location).toBe("/users/settings");
    expect((await client.follow(reply)).body).toContain("Password updated successfully.");
    expect(client.cookies.get(SESSION_COOKIE), "a new session id after a password change").not.toBe(before);
    expect(await isLoggedIn(client)).toBe(true);
    expect(await testApp.accounts.getUserByEmailAndPassword(user.email, NEW_PASSWORD)).not.toBeNull();
  });

  it("ends every other session of the user and closes their sockets", async () => {
    const { user, client } = await loggedInClient();
    const elsewhere = testApp.client();
    await logInAs(elsewhere, user.email, VALID_PASSWORD);
    const { client: stranger } = await loggedInClient();
    const sockets = { here: await openLiveSocket(client), elsewhere: await openLiveSocket(elsewhere), stranger: await openLiveSocket(stranger) };
    await client.get("/users/settings");
    await client.post("/users/settings/password", change(VALID_PASSWORD));
    expect(await isLoggedIn(elsewhere), "the other session should be logged out").toBe(false);
    expect(await sockets.elsewhere.closed()).toBe(4401);
    expect(await sockets.here.closed(), "this session's old socket belongs to the old token").toBe(4401);
    expect(await sockets.stranger.stillOpen(), "another user's socket stays open").toBe(true);
    sockets.stranger.close();
  });
});

describe("POST /users/settings/log-out-other-devices", () => {
  it("ends every other session of the user and closes their sockets; this one goes on", async () => {
    const { user, client } = await loggedInClient();
    const elsewhere = testApp.client();
    await logInAs(elsewhere, user.email, VALID_PASSWORD);
    const { client: stranger } = await loggedInClient();
    const sockets = { here: await openLiveSocket(client), elsewhere: await openLiveSocket(elsewhere), stranger: await openLiveSocket(stranger) };
    await client.get("/users/settings");
    const reply = await client.post("/users/settings/log-out-other-devices", {});
    expect((await client.follow(reply)).body).toContain("Logged out of every other device.");
    expect(await isLoggedIn(elsewhere), "the other session should be logged out").toBe(false);
    expect(await sockets.elsewhere.closed()).toBe(4401);
    expect(await isLoggedIn(client), "this session stays logged in").toBe(true);
    expect(await sockets.here.stillOpen(), "this session's socket stays open").toBe(true);
    expect(await sockets.stranger.stillOpen(), "another user's socket stays open").toBe(true);
    sockets.here.close();
    sockets.stranger.close();
  });

  it("says so when no other device was logged in", async () => {
    const { client } = await loggedInClient();
    const reply = await client.post("/users/settings/log-out-other-devices", {});
    expect((await client.follow(reply)).body).toContain("No other device was logged in.");
  });
});
