import { afterEach, describe, expect, it } from "vitest";
import { signToken } from "../../live/signing.ts";
import { signViewToken, verifyViewToken } from "../../live/token.ts";
import { verifyFlash } from "../../live/flash.ts";
import { openPage, renderedHtml, startFixture, type RunningFixture } from "../support/fixture-app.ts";
import { TEST_SECRET } from "../../scripts/harness/start-app.ts";

const VIEW_TOKEN_VALIDITY_IN_MS = 12 * 60 * 60 * 1000; // live.ts

let running: RunningFixture;
afterEach(() => running.close());

/** A refused join: the page must reload to get a fresh token. */
function refusal(code: string) {
  return { t: "error", code, reload: true };
}

/** Swaps the signature's last character for another base64url character. */
function tamper(token: string): string {
  const last = token.at(-1) === "A" ? "B" : "A";
  return token.slice(0, -1) + last;
}

describe("a genuine view token", () => {
  it("is accepted until its 12 h validity ends", async () => {
    let now = Date.now();
    running = await startFixture({ clock: () => now });
    const { page, socket } = await openPage(running.origin, "/items/1");
    now += VIEW_TOKEN_VALIDITY_IN_MS - 1;
    expect(renderedHtml(await socket.join(page)), "a token inside its validity should mount").toContain('data-item="1"');
    socket.close();
  });

  it("is accepted for a route with a wildcard segment", async () => {
    running = await startFixture();
    const { page, socket } = await openPage(running.origin, "/files/docs/readme.txt");
    const reply = await socket.join(page);
    expect(reply, "the token and the path carry the same params, so the join should mount").toMatchObject({ t: "rendered" });
    socket.close();
  });
});

describe("a forged view token", () => {
  it("is refused with token_invalid when its signature was tampered with", async () => {
    running = await startFixture();
    const { page, socket } = await openPage(running.origin, "/items/1");
    expect(await socket.join(page, { token: tamper(page.token) }), "a bad signature must be refused").toMatchObject(refusal("token_invalid"));
    expect(running.logs.join("\n"), "the refusal should be logged").toContain("token_invalid");
    socket.close();
  });

  it("is refused with token_invalid when its claims were rewritten under the old signature", async () => {
    running = await startFixture();
    const { page, socket } = await openPage(running.origin, "/items/1");
    const [, signature] = page.token.split(".");
    const claims = Buffer.from(JSON.stringify({ data: { view: "item", params: { id: "2" } }, exp: Date.now() + 60_000 }));
    const forged = `${claims.toString("base64url")}.${signature}`;
    const reply = await socket.join(page, { token: forged, path: "/items/2" });
    expect(reply, "claims the server did not sign must be refused").toMatchObject(refusal("token_invalid"));
    socket.close();
  });

  it("is refused with token_invalid when it was signed with another secret", async () => {
    running = await startFixture();
    const { page, socket } = await openPage(running.origin, "/items/1");
    const foreign = signViewToken("another-apps-secret-0123456789-abcdef", { view: "item", params: { id: "1" } }, Date.now() + 60_000);
    expect(await socket.join(page, { token: foreign }), "only our secret signs view tokens").toMatchObject(refusal("token_invalid"));
    socket.close();
  });

  it("is refused with token_invalid when it is not a token at all", async () => {
    running = await startFixture();
    const { page, socket } = await openPage(running.origin, "/items/1");
    for (const token of ["", "garbage", "a.b.c", "."]) {
      expect(await socket.join(page, { token }), `token ${JSON.stringify(token)} must be refused`).toMatchObject(refusal("token_invalid"));
    }
    socket.close();
  });

  it("leaves the socket open for a join with the page's real token", async () => {
    running = await startFixture();
    const { page, socket } = await openPage(running.origin, "/items/1");
    await socket.join(page, { token: tamper(page.token) });
    expect(renderedHtml(await socket.join(page)), "a refused join must not poison the socket").toContain('data-item="1"');
    socket.close();
  });
});

describe("an expired view token", () => {
  it("is refused with token_expired once its 12 h validity has passed", async () => {
    let now = Date.now();
    running = await startFixture({ clock: () => now });
    const { page, socket } = await openPage(running.origin, "/items/1");
    now += VIEW_TOKEN_VALIDITY_IN_MS;
    expect(await socket.join(page), "a stale page must reload").toMatchObject(refusal("token_expired"));
    socket.close();
  });
});

describe("a swapped view token", () => {
  it("is refused with token_mismatch on the same view with other params", async () => {
    running = await startFixture();
    const { page, socket } = await openPage(running.origin, "/items/1");
    expect(await socket.join(page, { path: "/items/2" }), "item 1's token must not mount item 2").toMatchObject(refusal("token_mismatch"));
    socket.close();
  });

  it("is refused with token_mismatch on another view's path", async () => {
    running = await startFixture();
    const { page, socket } = await openPage(running.origin, "/whoami");
    expect(await socket.join(page, { path: "/items/1" }), "whoami's token must not mount item").toMatchObject(refusal("token_mismatch"));
    socket.close();
  });

  it("is refused with token_mismatch on a path with no live route", async () => {
    running = await startFixture();
    const { page, socket } = await openPage(running.origin, "/items/1");
    expect(await socket.join(page, { path: "/nowhere" }), "a path with no route has no view").toMatchObject(refusal("token_mismatch"));
    socket.close();
  });
});

describe("token purposes", () => {
  it("refuses a flash token as a view token, even one whose data looks like view claims", async () => {
    running = await startFixture();
    const { page, socket } = await openPage(running.origin, "/items/1");
    const flashToken = signToken(TEST_SECRET, "live-flash", { view: "item", params: { id: "1" } }, Date.now() + 60_000);
    expect(await socket.join(page, { token: flashToken }), "a flash token must not open a view").toMatchObject(refusal("token_invalid"));
    socket.close();
  });

  it("refuses a view token as a flash token", () => {
    const viewToken = signViewToken(TEST_SECRET, { view: "item", params: { id: "1" } }, Date.now() + 60_000);
    expect(verifyFlash(TEST_SECRET, viewToken, Date.now()), "a view token must not carry a flash").toBeNull();
    expect(verifyViewToken(TEST_SECRET, viewToken, Date.now()), "the same token is a good view token").toMatchObject({ ok: true });
  });
});
