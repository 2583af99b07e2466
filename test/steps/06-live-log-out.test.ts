/**
 * Checker for step 06: log out every live page. A socket checked the session
 * once, on its upgrade; from then on it is the revocation boundary. Log-out
 * closes exactly that log-in's sockets, a password change or a reset closes
 * every socket of the user, and "log out other devices" ends every other
 * log-in of the user, sockets included, and keeps this one.
 *
 * The cast: user 1 logged in twice — session A with two sockets, session B
 * with one — and user 2 (C) with one socket, who must never notice anything.
 */
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logInAs, pathOf, VALID_PASSWORD, type TestUser } from "../support/auth-fixtures.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient, livePage } from "../../scripts/harness/live-client.ts";
import { agent, reportMission } from "../support/mission.ts";
import { loadLivePage } from "../../scripts/harness/page-load.ts";
import { report } from "../support/report.ts";
import { startApp, type RunningApp } from "../../scripts/harness/start-app.ts";

const CLOSE_WITHIN_MS = 500;
const LATENCY_RUNS = 21; // an odd count: the median is one measured log-out
const USER_AUTH = "app/auth/user-auth.ts";

let running: RunningApp;
beforeAll(async () => {
  running = await startApp({ extra: { bcryptCost: 4 } });
});
afterAll(() => running?.close());

/** A logged-in browser with `count` live mission pages open, each with its socket joined. */
type Browser = { http: HttpClient; sockets: LiveClient[] };

async function openMissions(http: HttpClient, count: number): Promise<LiveClient[]> {
  const sockets: LiveClient[] = [];
  for (let i = 0; i < count; i++) {
    const load = await loadLivePage(running, http, "/mission");
    expect(load.joined?.t, "a logged-in agent's /mission should join and render").toBe("rendered");
    sockets.push(load.socket!);
  }
  return sockets;
}

/** Another browser of the same user: a log-in of its own, so a session and a token of its own. */
async function anotherLogIn(user: TestUser): Promise<HttpClient> {
  const http = new HttpClient(running.origin);
  await logInAs(http, user);
  await http.get("/"); // the log-in's flash is shown here
  return http;
}

/** Session A (two sockets) and session B (one) of one user; user C (one socket). */
async function cast() {
  const first = await agent(running, "agent-a");
  const a: Browser = { http: first.http, sockets: await openMissions(first.http, 2) };
  const bHttp = await anotherLogIn(first.user);
  const b: Browser = { http: bHttp, sockets: await openMissions(bHttp, 1) };
  const second = await agent(running, "agent-c");
  const c: Browser = { http: second.http, sockets: await openMissions(second.http, 1) };
  return { user: first.user, a, b, c, all: [...a.sockets, ...b.sockets, ...c.sockets] };
}

const isOpen = (socket: LiveClient) => socket.ws.readyState === socket.ws.OPEN;

/** Resolves with how long after `since` the socket closed, or null if it is still open after `withinMs`. */
async function closedWithin(socket: LiveClient, since: number, withinMs: number): Promise<number | null> {
  const closedAt = socket.closed.then(() => performance.now() - since);
  const timeout = new Promise<null>((done) => setTimeout(() => done(null), Math.max(0, since + withinMs - performance.now())));
  return Promise.race([closedAt, timeout]);
}

/** Records when each socket closes, from now on (the close may come before the HTTP reply). */
function watchCloses(sockets: LiveClient[]) {
  const closedAt = new Map<LiveClient, number>();
  for (const socket of sockets) socket.ws.once("close", () => closedAt.set(socket, performance.now()));
  return closedAt;
}

/** A socket that still works answers an event with a fresh render. */
async function expectWorking(socket: LiveClient, who: string) {
  expect(isOpen(socket), `${who}'s socket should still be open`).toBe(true);
  const reply = await socket.event("accept");
  expect(reply.t, `${who}'s socket should still answer events`).toBe("rendered");
}

async function expectClosed(socket: LiveClient, who: string, since: number, hint: string) {
  const ms = await closedWithin(socket, since, CLOSE_WITHIN_MS);
  expect(ms, `${who}'s socket should close within ${CLOSE_WITHIN_MS} ms — ${hint}`).not.toBeNull();
}

function closeAll(sockets: LiveClient[]) {
  for (const socket of sockets) if (isOpen(socket)) socket.close();
}

/** Submits the log-out form; `sentAt` is when the POST left, for measuring the closes it causes. */
async function logOut(http: HttpClient) {
  await http.get("/users/settings"); // a page with the log-out form and its _csrf
  const sentAt = performance.now();
  const reply = await http.post("/users/log-out", {});
  expect(reply.status, "POST /users/log-out should redirect (302)").toBe(302);
  return { reply, sentAt };
}

describe("§ Log-out closes that log-in's sockets, and only those", () => {
  it(`closes session A's two sockets within ${CLOSE_WITHIN_MS} ms; session B of the same user and user C keep working`, async () => {
    const { a, b, c, all } = await cast();
    const closedAt = watchCloses(a.sockets);
    const { reply, sentAt: started } = await logOut(a.http);
    expect(pathOf(reply.location), "log-out should land on /").toBe("/");
    for (const [i, socket] of a.sockets.entries()) {
      await expectClosed(socket, `session A's tab ${i + 1}`, started, `logOutUser in ${USER_AUTH} must close the session's sockets`);
    }
    const slowest = Math.max(...a.sockets.map((s) => (closedAt.get(s) ?? NaN) - started));
    report(`Step 06 — log-out closed session A's 2 sockets ${slowest.toFixed(1)} ms after the POST was sent`);
    expect(
      a.sockets.map((s) => s.messages.some((m) => m.t === "disconnect")),
      "each closed socket is told why first",
    ).toEqual([true, true]);
    await expectWorking(b.sockets[0]!, "session B (the same user, another log-in)");
    await expectWorking(c.sockets[0]!, "user C");
    closeAll(all);
  });

  it("redirects a socket that reconnects after log-out to the log-in page, and never renders the agent", async () => {
    const { http } = await agent(running, "reconnect");
    const page = livePage((await http.get("/mission")).body, "/mission");
    const stolen = http.cookieHeader(); // the cookie as it was before log-out
    await logOut(http);
    await http.get("/"); // the browser's fresh, anonymous session and its CSRF token
    const csrf = http.lastHtml.match(/<meta name="csrf-token" content="([^"]+)"/)?.[1] ?? null;
    const socket = await LiveClient.connect(http, page, { csrf, handoff: false });
    const reply = await socket.join(page);
    socket.close();
    expect(reply, "a reconnect after log-out should be redirected to /users/log-in").toMatchObject({ t: "redirect", to: "/users/log-in" });

    const replayed = await LiveClient.connect(http, page, { cookie: stolen, handoff: false });
    const outcome = await Promise.race([replayed.join(page), replayed.closed.then(() => null)]).catch(() => null);
    replayed.close();
    expect(outcome?.t === "rendered", "the cookie from before log-out must not mount the mission again").toBe(false);
  });

  it("closes the sockets of another session that resumed the same log-in from the remember-me cookie", async () => {
    const { user } = await agent(running, "remember");
    const here = new HttpClient(running.origin);
    await logInAs(here, user, { rememberMe: true });
    await here.get("/");
    const elsewhere = new HttpClient(running.origin); // the browser restarted: only the remember-me cookie is left
    for (const [name, value] of here.cookies) if (name.includes("remember")) elsewhere.cookies.set(name, value);
    const [resumed] = await openMissions(elsewhere, 1);
    const { sentAt: started } = await logOut(here);
    await expectClosed(
      resumed!,
      "the resumed session",
      started,
      `this session shares the log-in's liveSocketId: close it too with disconnectLiveSocketId in logOutUser (${USER_AUTH})`,
    );
  });
});

describe("§ A password change or a reset closes every socket of the user", () => {
  it("closes session A's sockets and B's old socket when B changes the password; B stays logged in; C is untouched", async () => {
    const { user, a, b, c, all } = await cast();
    await b.http.get("/users/settings");
    const started = performance.now();
    const newPassword = `${VALID_PASSWORD} 2`;
    const reply = await b.http.post("/users/settings/password", {
      password: newPassword,
      password_confirmation: newPassword,
      current_password: user.password,
    });
    expect(reply.status, "POST /users/settings/password with the right current password should redirect (302)").toBe(302);
    const hint = `the password change deleted every token of the user: disconnectSessions in ${USER_AUTH} must close their sockets`;
    for (const [i, socket] of a.sockets.entries()) await expectClosed(socket, `session A's tab ${i + 1}`, started, hint);
    // B's socket was opened with the token the change deleted: it closes too. The tab that
    // sent the form follows the redirect; B's other tabs reload with the renewed cookie.
    await expectClosed(b.sockets[0]!, "session B's old socket", started, hint);
    await expectWorking(c.sockets[0]!, "user C");

    const [renewed] = await openMissions(b.http, 1);
    expect(isOpen(renewed!), "B's renewed session should open a working socket").toBe(true);
    expect((await a.http.get("/mission")).location, "session A is logged out").toBe("/users/log-in");
    closeAll([...all, renewed!]);
  });

  it("closes every socket of the user when a reset is completed", async () => {
    const { user, a, b, c, all } = await cast();
    const guest = new HttpClient(running.origin);
    await guest.get("/users/reset-password");
    await guest.post("/users/reset-password", { email: user.email });
    const mailbox = (await (await fetch(running.url("/dev/mailbox.json"))).json()) as { to: string; text: string }[];
    const link = mailbox.find((email) => email.to === user.email && email.text.includes("/users/reset-password/"))?.text.match(/https?:\/\/\S+/)?.[0];
    expect(link, "the reset email should carry a link").toBeTruthy();
    const path = new URL(link!).pathname;
    await guest.get(path);
    const started = performance.now();
    const newPassword = `${VALID_PASSWORD} 3`;
    await guest.post(path, { password: newPassword, password_confirmation: newPassword });
    const hint = `a completed reset deleted every token of the user: disconnectSessions in ${USER_AUTH} must close their sockets`;
    for (const [who, socket] of [
      ["A's tab 1", a.sockets[0]],
      ["A's tab 2", a.sockets[1]],
      ["B's tab", b.sockets[0]],
    ] as const) {
      await expectClosed(socket!, `session ${who}`, started, hint);
    }
    await expectWorking(c.sockets[0]!, "user C");
    closeAll(all);
  });
});

describe("§ Log out other devices", () => {
  it("ends every other log-in of the user, their tokens and their sockets, and keeps this one", async () => {
    const { user, a, b, c, all } = await cast();
    const third = await anotherLogIn(user);
    const thirdSockets = await openMissions(third, 1);
    const settings = await b.http.get("/users/settings");
    expect(settings.body, "the settings page should offer a form that POSTs to /users/settings/log-out-other-devices").toContain(
      'action="/users/settings/log-out-other-devices"',
    );
    const started = performance.now();
    const reply = await b.http.post("/users/settings/log-out-other-devices", {});
    expect(reply.status, "POST /users/settings/log-out-other-devices should redirect (302)").toBe(302);
    const hint = `logOutOtherSessions in ${USER_AUTH} must delete the other session tokens and close their sockets`;
    for (const [i, socket] of [...a.sockets, ...thirdSockets].entries()) await expectClosed(socket, `the other log-ins' tab ${i + 1}`, started, hint);
    await expectWorking(b.sockets[0]!, "session B (the one that asked)");
    await expectWorking(c.sockets[0]!, "user C");
    expect((await a.http.get("/mission")).location, "session A's token should be deleted: its cookie is logged out").toBe("/users/log-in");
    expect((await third.get("/mission")).location, "the third log-in's token should be deleted too").toBe("/users/log-in");
    expect((await b.http.get("/mission")).status, "session B stays logged in").toBe(200);

    const refused = await b.http.post("/users/settings/log-out-other-devices", { _csrf: null });
    expect(refused.status, "without _csrf the action must be refused").toBe(403);
    closeAll([...all, ...thirdSockets]);
  });
});

describe("§ What log-out costs", () => {
  it(`closes a log-in's socket within ${CLOSE_WITHIN_MS} ms, median of ${LATENCY_RUNS} log-outs`, async () => {
    const { user } = await agent(running, "latency");
    const latencies: number[] = [];
    for (let run = 0; run < LATENCY_RUNS; run++) {
      const http = await anotherLogIn(user);
      const [socket] = await openMissions(http, 1);
      const closedAt = watchCloses([socket!]);
      const { sentAt: sent } = await logOut(http);
      const ms = await closedWithin(socket!, sent, CLOSE_WITHIN_MS);
      expect(ms, `log-out ${run + 1} left its socket open: logOutUser in ${USER_AUTH} must close the session's sockets`).not.toBeNull();
      latencies.push(closedAt.get(socket!)! - sent);
    }
    const sorted = [...latencies].sort((x, y) => x - y);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    report(
      `Step 06 — POST /users/log-out → its socket closed, ${LATENCY_RUNS} runs: median ${median.toFixed(1)} ms, ` +
        `min ${sorted[0]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
    );
    expect(median, `log-out should close the session's socket: logOutUser in ${USER_AUTH}`).toBeLessThan(CLOSE_WITHIN_MS);
  });

  it("still loads the agent once per page load", async () => {
    const { http } = await agent(running, "table");
    const load = await loadLivePage(running, http, "/mission");
    load.socket?.close();
    reportMission("Step 06 — one full load of /mission:", load);
    expect(load.queries.filter((q) => q.loadsUser).length, "one user query per page load, as in steps 03 and 04").toBe(1);
  });
});
