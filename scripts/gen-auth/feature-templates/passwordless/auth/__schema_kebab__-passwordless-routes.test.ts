import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { unique__Schema__Email } from "../__context_kebab__/__context_kebab__-fixtures.ts";
import { isLoggedIn, logInAs, startTestApp, tokenFromEmail, type TestApp, type TestClient } from "./test-support.ts";

const SETTINGS = "/__table_kebab__/settings";
const NEW_PASSWORD = "a password set later, quite long";

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

async function register(client: TestClient, email: string) {
  await client.get("/__table_kebab__/register");
  return client.post("/__table_kebab__/register", { email });
}

/** Registers by email, then opens the emailed link and presses its button: the account is confirmed and logged in. */
async function registeredAndLoggedIn() {
  const email = unique__Schema__Email();
  const client = testApp.client();
  await register(client, email);
  const link = `/__table_kebab__/log-in/${tokenFromEmail(testApp.emails, email)}`;
  await client.get(link);
  const reply = await client.post(link, {});
  return { email, client, reply };
}

describe("registration with --passwordless", () => {
  it("asks for an email only", async () => {
    const page = await testApp.client().get("/__table_kebab__/register");
    expect(page.body).toContain('name="email"');
    expect(page.body).not.toContain('name="password"');
  });

  it("creates the account, logs nobody in, and mails a link that confirms it", async () => {
    const email = unique__Schema__Email();
    const client = testApp.client();
    const reply = await register(client, email);
    expect([reply.status, reply.location]).toEqual([302, "/__table_kebab__/log-in"]);
    expect((await client.follow(reply)).body).toContain(`An email was sent to ${email}, please access it to confirm your account.`);
    expect(await isLoggedIn(client)).toBe(false);
    expect(testApp.emails.map((each) => [each.to, each.subject])).toEqual([[email, "Confirmation instructions"]]);
    expect(testApp.emails[0]!.text).toContain(`${testApp.origin}/__table_kebab__/log-in/`);
  });

  it("shows the email's errors and creates nothing", async () => {
    const reply = await register(testApp.client(), "not an email");
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("must have the @ sign and no spaces");
    expect(testApp.emails).toEqual([]);
  });

  it("answers a taken email as it answers a new one, and mails its owner a log-in link", async () => {
    const email = unique__Schema__Email();
    await register(testApp.client(), email);
    const client = testApp.client();
    const reply = await register(client, email.toUpperCase());
    expect([reply.status, reply.location], "the reply must not tell whether the email has an account").toEqual([302, "/__table_kebab__/log-in"]);
    expect((await client.follow(reply)).body).toContain(`An email was sent to ${email.toUpperCase()}, please access it to confirm your account.`);
    expect(testApp.emails.map((each) => each.to), "the second link goes to the account's owner").toEqual([email, email]);
    expect(await isLoggedIn(client)).toBe(false);
  });
});

describe("the emailed link of a new account", () => {
  it("opens a page that says it confirms the account", async () => {
    const email = unique__Schema__Email();
    await register(testApp.client(), email);
    const page = await testApp.client().get(`/__table_kebab__/log-in/${tokenFromEmail(testApp.emails, email)}`);
    expect(page.body).toContain("Confirm my account and log in");
  });

  it("confirms the account and logs it in", async () => {
    const { email, client, reply } = await registeredAndLoggedIn();
    expect([reply.status, reply.location]).toEqual([302, "/"]);
    expect(await isLoggedIn(client)).toBe(true);
    expect(testApp.__context__.get__Schema__ByEmail(email)?.confirmedAt).toEqual(expect.any(Number));
  });
});

describe("the settings of an account without a password", () => {
  it("offer to set a password, and ask for no current password", async () => {
    const { client } = await registeredAndLoggedIn();
    const page = await client.get(SETTINGS);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Set a password");
    expect(page.body).not.toContain('name="current_password"');
  });

  it("set the password, which then logs in, and ask for it from then on", async () => {
    const { email, client } = await registeredAndLoggedIn();
    await client.get(SETTINGS);
    const reply = await client.post(`${SETTINGS}/password`, { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD });
    expect([reply.status, reply.location]).toEqual([302, SETTINGS]);
    const page = await client.follow(reply);
    expect(page.body).toContain("Password updated successfully.");
    expect(page.body, "the account has a password now").toContain('name="current_password"');
    const other = testApp.client();
    expect((await logInAs(other, email, NEW_PASSWORD)).location).toBe("/");
    expect(await isLoggedIn(other)).toBe(true);
  });

  it("change the email without a current password", async () => {
    const { client } = await registeredAndLoggedIn();
    await client.get(SETTINGS);
    const newEmail = unique__Schema__Email();
    const reply = await client.post(`${SETTINGS}/email`, { email: newEmail });
    expect(reply.location).toBe(SETTINGS);
    expect(testApp.emails.at(-1)).toMatchObject({ to: newEmail, subject: "Update email instructions" });
  });

  it("still need a recent log-in (sudo mode)", async () => {
    const { client } = await registeredAndLoggedIn();
    testApp.advanceClock(24 * 60 * 60 * 1000);
    expect((await client.get(SETTINGS)).location).toBe("/__table_kebab__/log-in");
  });
});

describe("an account with a password, under --passwordless", () => {
  it("still needs its current password to change it", async () => {
    const { email, client } = await registeredAndLoggedIn();
    await client.get(SETTINGS);
    await client.post(`${SETTINGS}/password`, { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD });
    await client.get(SETTINGS);
    const again = "yet another password, long";
    const reply = await client.post(`${SETTINGS}/password`, { password: again, password_confirmation: again });
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("Current password is not valid");
    expect(await testApp.__context__.get__Schema__ByEmailAndPassword(email, NEW_PASSWORD)).not.toBeNull();
  });
});
