import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { __schema__Fixture, unique__Schema__Email, VALID_PASSWORD } from "../__context_kebab__/__context_kebab__-fixtures.ts";
import { DAY_IN_MS, RESET_PASSWORD_VALIDITY_IN_DAYS } from "../__context_kebab__/__schema_kebab__-token.ts";
import { TOKEN_CHECKS_PER_IP } from "./login-throttle.ts";
import { isLoggedIn, logInAs, openLiveSocket, postWithHost, startTestApp, tokenFromEmail, withoutCsrfTokens, type TestApp } from "./test-support.ts";

const NEW_PASSWORD = "a new password, quite long";

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

async function requestReset(email: string) {
  const client = testApp.client();
  await client.get("/__table_kebab__/reset-password");
  const reply = await client.post("/__table_kebab__/reset-password", { email });
  return { reply, page: withoutCsrfTokens((await client.follow(reply)).body) };
}

async function resetLink() {
  const __schema__ = await __schema__Fixture(testApp.__context__);
  await requestReset(__schema__.email);
  return { __schema__, link: `/__table_kebab__/reset-password/${tokenFromEmail(testApp.emails, __schema__.email)}` };
}

async function resetWith(link: string, password = NEW_PASSWORD) {
  const client = testApp.client();
  await client.get(link);
  return { client, reply: await client.post(link, { password, password_confirmation: password }) };
}

describe("GET /__table_kebab__/reset-password", () => {
  it("shows the form", async () => {
    const page = await testApp.client().get("/__table_kebab__/reset-password");
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="email"');
  });

  it("sends a logged-in __schema_human__ home: the settings page changes a known password", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const client = testApp.client();
    await logInAs(client, __schema__.email, VALID_PASSWORD);
    const reply = await client.get("/__table_kebab__/reset-password");
    expect([reply.status, reply.location]).toEqual([302, "/"]);
  });
});

describe("POST /__table_kebab__/reset-password", () => {
  it("answers the same for an unknown address and a known one; only the inbox can tell", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const known = await requestReset(__schema__.email);
    const unknown = await requestReset(unique__Schema__Email());
    expect([known.reply.status, known.reply.location]).toEqual([unknown.reply.status, unknown.reply.location]);
    expect(known.page).toBe(unknown.page);
    expect(known.page).toContain("If your email is in our system, you will receive instructions to reset your password shortly.");
    expect(testApp.emails.map((email) => email.to)).toEqual([__schema__.email]);
  });

  it("builds the link from the configured origin, never from the Host header", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const client = testApp.client();
    await client.get("/__table_kebab__/reset-password");
    const alias = `localhost:${new URL(testApp.origin).port}`; // a loopback name the development app answers to
    await postWithHost(client, "/__table_kebab__/reset-password", { email: __schema__.email }, alias);
    expect(testApp.emails.at(-1)?.text).toContain(`${testApp.origin}/__table_kebab__/reset-password/`);
    expect(testApp.emails.at(-1)?.text).not.toContain(alias);
  });

  it("refuses a Host that is not the app's, so a rebinding page cannot ask for a reset", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const client = testApp.client();
    await client.get("/__table_kebab__/reset-password");
    const sentBefore = testApp.emails.length;
    expect(await postWithHost(client, "/__table_kebab__/reset-password", { email: __schema__.email }, "evil.example")).toBe(421);
    expect(testApp.emails.length).toBe(sentBefore);
  });
});

describe("/__table_kebab__/reset-password/:token", () => {
  it("shows the form without sending a Referer", async () => {
    const { link } = await resetLink();
    const page = await testApp.client().get(link);
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("resets the password and logs nobody in", async () => {
    const { __schema__, link } = await resetLink();
    const { client, reply } = await resetWith(link);
    expect([reply.status, reply.location]).toEqual([302, "/__table_kebab__/log-in"]);
    expect((await client.follow(reply)).body).toContain("Password reset successfully.");
    expect(await isLoggedIn(client)).toBe(false);
    expect(await testApp.__context__.get__Schema__ByEmailAndPassword(__schema__.email, NEW_PASSWORD)).not.toBeNull();
  });

  it("ends every session of the __schema_human__ and closes their sockets", async () => {
    const { __schema__, link } = await resetLink();
    const victim = testApp.client();
    await logInAs(victim, __schema__.email, VALID_PASSWORD);
    const socket = await openLiveSocket(victim);
    await resetWith(link);
    expect(await socket.closed()).toBe(4401);
    expect(await isLoggedIn(victim)).toBe(false);
  });

  it("sends a logged-in __schema_human__ home and leaves the link unused", async () => {
    const { __schema__, link } = await resetLink();
    const client = testApp.client();
    await logInAs(client, __schema__.email, VALID_PASSWORD);
    expect((await client.get(link)).location).toBe("/");
    expect(testApp.__context__.get__Schema__ByResetPasswordToken(link.split("/").at(-1)!)).not.toBeNull();
  });

  it("shows the errors of a bad new password and keeps the old one", async () => {
    const { __schema__, link } = await resetLink();
    const client = testApp.client();
    await client.get(link);
    const reply = await client.post(link, { password: "short", password_confirmation: "different" });
    expect(reply.status).toBe(422);
    expect(reply.body).toContain("should be at least 12 characters");
    expect(reply.body).toContain("does not match password");
    expect(await testApp.__context__.get__Schema__ByEmailAndPassword(__schema__.email, VALID_PASSWORD)).not.toBeNull();
  });

  it("refuses a made-up token, and says so", async () => {
    const client = testApp.client();
    const reply = await client.get("/__table_kebab__/reset-password/oops");
    expect([reply.status, reply.location]).toEqual([302, "/"]);
    expect((await client.follow(reply)).body).toContain("Reset password link is invalid or it has expired.");
  });

  it("works once", async () => {
    const { link } = await resetLink();
    await resetWith(link);
    const { client, reply } = await resetWith(link, "yet another new password");
    expect((await client.follow(reply)).body).toContain("Reset password link is invalid or it has expired.");
  });

  it(`refuses a link older than ${RESET_PASSWORD_VALIDITY_IN_DAYS} day`, async () => {
    const { link } = await resetLink();
    testApp.advanceClock(RESET_PASSWORD_VALIDITY_IN_DAYS * DAY_IN_MS);
    const reply = await testApp.client().get(link);
    expect([reply.status, reply.location]).toEqual([302, "/"]);
  });

  it(`answers 429 after ${TOKEN_CHECKS_PER_IP} token checks from one IP`, async () => {
    const client = testApp.client();
    for (let i = 0; i < TOKEN_CHECKS_PER_IP; i++) await client.get(`/__table_kebab__/reset-password/guess-${i}`);
    expect((await client.get("/__table_kebab__/reset-password/one-more-guess")).status).toBe(429);
  });
});
