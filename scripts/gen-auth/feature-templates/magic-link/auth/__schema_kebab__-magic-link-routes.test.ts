import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { __Schema__ } from "../__context_kebab__/__schema_kebab__.ts";
import { MAGIC_LINK_VALIDITY_IN_MINUTES } from "../__context_kebab__/__schema_kebab__-token.ts";
import { __schema__Fixture, unique__Schema__Email } from "../__context_kebab__/__context_kebab__-fixtures.ts";
import { REMEMBER_ME_COOKIE } from "./remember-me-cookie.ts";
import { isLoggedIn, startTestApp, tokenFromEmail, withoutCsrfTokens, type TestApp } from "./test-support.ts";

const MINUTE_IN_MS = 60 * 1000;

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

/** Asks for a magic link from the log-in page; returns the reply and the page it leads to. */
async function askForLink(email: string) {
  const client = testApp.client();
  await client.get("/__table_kebab__/log-in");
  const reply = await client.post("/__table_kebab__/log-in/magic-link", { email });
  return { reply, page: withoutCsrfTokens((await client.follow(reply)).body) };
}

async function confirmed__Schema__(): Promise<__Schema__> {
  const __schema__ = await __schema__Fixture(testApp.__context__);
  let token = "";
  await testApp.__context__.deliver__Schema__ConfirmationInstructions(__schema__, (sent) => (token = sent));
  return testApp.__context__.confirm__Schema__(token)!;
}

async function magicLinkFor(__schema__: __Schema__): Promise<string> {
  await askForLink(__schema__.email);
  return `/__table_kebab__/log-in/${tokenFromEmail(testApp.emails, __schema__.email)}`;
}

describe("GET /__table_kebab__/log-in with --magic-link", () => {
  it("offers to email a link beside the password form", async () => {
    const page = await testApp.client().get("/__table_kebab__/log-in");
    expect(page.body).toContain('action="/__table_kebab__/log-in/magic-link"');
    expect(page.body).toContain("Email me a link");
    expect(page.body, "the password form is still there").toContain('name="password"');
  });
});

describe("POST /__table_kebab__/log-in/magic-link", () => {
  it("answers the same for an unknown address and a known one; only the inbox can tell", async () => {
    const __schema__ = await confirmed__Schema__();
    const known = await askForLink(__schema__.email);
    const unknown = await askForLink(unique__Schema__Email());
    expect([known.reply.status, known.reply.location]).toEqual([302, "/__table_kebab__/log-in"]);
    expect([unknown.reply.status, unknown.reply.location]).toEqual([302, "/__table_kebab__/log-in"]);
    expect(known.page).toContain("If your email is in our system, you will receive instructions for logging in shortly.");
    expect(unknown.page, "the pages must not tell which emails have accounts").toBe(known.page);
    expect(testApp.emails.map((email) => email.to)).toEqual([__schema__.email]);
  });

  it("puts the link in the dev mailbox", async () => {
    const __schema__ = await confirmed__Schema__();
    await askForLink(__schema__.email);
    const mailbox = await testApp.client().get("/dev/mailbox");
    expect(mailbox.body).toContain("Log in instructions");
    expect(mailbox.body).toContain(`href="${testApp.origin}/__table_kebab__/log-in/${tokenFromEmail(testApp.emails, __schema__.email)}"`);
  });
});

describe("/__table_kebab__/log-in/:token", () => {
  it("shows a button on GET, with no Referer sent on, and logs in only on POST", async () => {
    const link = await magicLinkFor(await confirmed__Schema__());
    const client = testApp.client();
    const page = await client.get(link);
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.body, "a confirmed account is simply logged in").toContain(">Log in</button>");
    const sessions = () => testApp.app.db.prepare("SELECT count(*) FROM __table___tokens WHERE context = 'session'").pluck().get();
    expect(sessions(), "opening the link (as a mail scanner does) must not log in").toBe(0);
    const reply = await client.post(link, {});
    expect([reply.status, reply.location]).toEqual([302, "/"]);
    expect(await isLoggedIn(client)).toBe(true);
    expect(client.cookies.has(REMEMBER_ME_COOKIE), "no remember-me cookie unless asked").toBe(false);
  });

  it("keeps the browser logged in when asked", async () => {
    const link = await magicLinkFor(await confirmed__Schema__());
    const client = testApp.client();
    await client.get(link);
    await client.post(link, { remember_me: "true" });
    expect(client.cookies.has(REMEMBER_ME_COOKIE)).toBe(true);
  });

  it("works once", async () => {
    const link = await magicLinkFor(await confirmed__Schema__());
    const first = testApp.client();
    await first.get(link);
    await first.post(link, {});
    const second = testApp.client();
    const reply = await second.get(link);
    expect(reply.location).toBe("/__table_kebab__/log-in");
    expect((await second.follow(reply)).body).toContain("Magic link is invalid or it has expired.");
  });

  it(`expires after ${MAGIC_LINK_VALIDITY_IN_MINUTES} minutes`, async () => {
    const link = await magicLinkFor(await confirmed__Schema__());
    const client = testApp.client();
    await client.get(link);
    testApp.advanceClock(MAGIC_LINK_VALIDITY_IN_MINUTES * MINUTE_IN_MS);
    const reply = await client.post(link, {});
    expect(reply.location).toBe("/__table_kebab__/log-in");
    expect(await isLoggedIn(client)).toBe(false);
  });

  it("never logs into an unconfirmed account that has a password, and says what to do", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const link = await magicLinkFor(__schema__);
    const client = testApp.client();
    await client.get(link);
    const reply = await client.post(link, {});
    expect((await client.follow(reply)).body).toContain("confirm it with the link we sent when you registered");
    expect(await isLoggedIn(client)).toBe(false);
    expect(testApp.__context__.get__Schema__(__schema__.id)?.confirmedAt).toBeNull();
  });
});
