import type { Request, Response } from "express";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { __schema__Fixture, VALID_PASSWORD } from "../__context_kebab__/__context_kebab__-fixtures.ts";
import { create__Schema__Auth } from "./__schema_kebab__-auth.ts";
import { logInAs, startTestApp, TEST_SECRET, type TestApp } from "./test-support.ts";

let testApp: TestApp;
beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

/** res.locals after fetchCurrent__Schema__ has run on a request carrying this session token (or none). */
async function localsFor(token: string | null): Promise<Response["locals"]> {
  const auth = create__Schema__Auth({ __context__: testApp.__context__, live: testApp.app.live, secret: TEST_SECRET, secure: false });
  // Only what fetchCurrent__Schema__ reads: the session, and the headers for the remember-me cookie.
  const req = { session: token === null ? {} : { __schema__Token: token }, headers: {} } as unknown as Request;
  const res = { locals: {} } as Response;
  await new Promise<void>((done) => void auth.fetchCurrent__Schema__(req, res, () => done()));
  return res.locals;
}

describe("fetchCurrent__Schema__ with a scope", () => {
  it("assigns the __schema_human__ as res.locals.__assign_key__ and the scope { __schema__ } as res.locals.currentScope", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const locals = await localsFor(testApp.__context__.generate__Schema__SessionToken(__schema__));
    expect(locals.__assign_key__?.id, "the current __schema_human__ is under the assign key").toBe(__schema__.id);
    expect(locals.currentScope).toEqual({ __schema__: locals.__assign_key__ });
  });

  it("assigns null to both for nobody", async () => {
    const locals = await localsFor(null);
    expect(locals.__assign_key__).toBeNull();
    expect(locals.currentScope).toBeNull();
  });

  it("is what the layout reads: the logged-in __schema_human__'s email is in the navigation", async () => {
    const __schema__ = await __schema__Fixture(testApp.__context__);
    const client = testApp.client();
    await client.follow(await logInAs(client, __schema__.email, VALID_PASSWORD));
    expect((await client.get("/")).body).toContain(`<span class="current-__schema_kebab__">${__schema__.email}</span>`);
  });
});
