import { afterEach, describe, expect, it } from "vitest";
import { unique__Schema__Email, VALID_PASSWORD } from "../__context_kebab__/__context_kebab__-fixtures.ts";
import { getWithHost, startTestApp, type TestApp } from "./test-support.ts";

let testApp: TestApp;
afterEach(() => testApp.close());

// with --passwordless
const LINK_PATH = "/__table_kebab__/log-in/"; // registration mails a magic link, which confirms the account
// without --passwordless
const LINK_PATH = "/__table_kebab__/confirm/";
// end --passwordless

async function register(email: string) {
  const client = testApp.client();
  await client.get("/__table_kebab__/register");
  await client.post("/__table_kebab__/register", { email, password: VALID_PASSWORD });
}

describe("the dev mailbox", () => {
  it("lists the emails sent, as JSON and as a page", async () => {
    testApp = await startTestApp();
    const email = unique__Schema__Email();
    await register(email);
    const json = await testApp.client().get("/dev/mailbox.json");
    expect(JSON.parse(json.body)).toEqual([
      { to: email, subject: "Confirmation instructions", text: expect.stringContaining(LINK_PATH), sentAt: expect.any(String) },
    ]);
    const page = await testApp.client().get("/dev/mailbox");
    expect(page.body).toContain(`href="${testApp.origin}${LINK_PATH}`);
  });

  it("answers only requests for the app's own host, so a DNS-rebinding page cannot read the links", async () => {
    testApp = await startTestApp();
    await register(unique__Schema__Email());
    const port = new URL(testApp.origin).port;
    const rebound = await getWithHost(testApp.client(), "/dev/mailbox.json", `evil.example:${port}`);
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain(LINK_PATH);
    expect((await getWithHost(testApp.client(), "/dev/mailbox.json", `localhost:${port}`)).status).toBe(200);
  });

  it("does not exist in production, where it would show everyone's links", async () => {
    testApp = await startTestApp({ production: true, bcryptCost: 12 });
    expect((await testApp.client().get("/dev/mailbox.json")).status).toBe(404);
    expect((await testApp.client().get("/dev/mailbox")).status).toBe(404);
  });
});
