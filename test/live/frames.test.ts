import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CLOSE } from "../../live/protocol.ts";
import { closeCodeOf, openPage, renderedHtml, startFixture, type RunningFixture } from "../support/fixture-app.ts";
import { LiveClient } from "../../scripts/harness/live-client.ts";

// One app for the file: every test uses fresh sessions, and reads only its own log lines.
let running: RunningFixture;
beforeAll(async () => {
  running = await startFixture();
});
afterAll(() => running.close());
beforeEach(() => void running.logs.splice(0));

/** Two joined tabs of one visitor: the one that misbehaves, and a bystander. */
async function twoJoinedTabs() {
  const tab = await openPage(running.origin, "/items/1");
  await tab.socket.join(tab.page);
  const bystander = await openPage(running.origin, "/items/2");
  await bystander.socket.join(bystander.page);
  return { tab, bystander };
}

async function expectStillServing(socket: LiveClient, why: string) {
  expect(renderedHtml(await socket.event("ping")), why).toContain('data-pings="1"');
}

function errorReply(socket: LiveClient) {
  return socket.waitFor((message) => message.t === "error");
}

function loggedCodes() {
  return running.logs.map((line) => line.match(/^\[live\] (\w+):/)?.[1]).filter(Boolean);
}

const MALFORMED: [description: string, frame: string, code: string, ref: number | null][] = [
  ["not JSON", "{", "bad_json", null],
  ["null", "null", "bad_frame", null],
  ["an array", "[]", "bad_frame", null],
  ["a number", "42", "bad_frame", null],
  ["an event without a ref", '{"t":"event","event":"ping","value":{}}', "bad_frame", null],
  ["an event with a string ref", '{"t":"event","ref":"1","event":"ping","value":{}}', "bad_frame", null],
  ["an event with a fractional ref", '{"t":"event","ref":1.5,"event":"ping","value":{}}', "bad_frame", null],
  ["a __proto__ key", '{"__proto__":{"t":"event"},"ref":1}', "bad_frame", null],
  ["a constructor key inside the value", '{"t":"event","ref":1,"event":"ping","value":{"constructor":"x"}}', "bad_frame", null],
  ["a __proto__ type", '{"t":"__proto__","ref":1}', "unknown_type", 1],
  ["a type that does not exist", '{"t":"leave","ref":2}', "unknown_type", 2],
  ["an event without a value", '{"t":"event","ref":3,"event":"ping"}', "bad_frame", 3],
  ["an event with a non-string value", '{"t":"event","ref":4,"event":"ping","value":{"by":5}}', "bad_frame", 4],
  ["an event with an empty name", '{"t":"event","ref":5,"event":"","value":{}}', "bad_frame", 5],
  ["a join with a numeric token", '{"t":"join","ref":6,"token":1,"path":"/items/1"}', "bad_frame", 6],
  ["a join with a relative path", '{"t":"join","ref":7,"token":"x","path":"items/1"}', "bad_frame", 7],
  ["a join with a numeric handoff", '{"t":"join","ref":8,"token":"x","path":"/items/1","handoff":5}', "bad_frame", 8],
  ["an array nested too deep to parse", `${"[".repeat(20_000)}${"]".repeat(20_000)}`, "bad_json", null],
];

describe("a malformed text frame", () => {
  it.each(MALFORMED)("(%s) gets a typed error and a log line; both sockets keep serving", async (_what, frame, code, ref) => {
    const { tab, bystander } = await twoJoinedTabs();
    tab.socket.ws.send(frame);
    expect(await errorReply(tab.socket), `the frame ${frame.slice(0, 60)} should get a typed error`).toMatchObject({ t: "error", code, ref });
    expect(loggedCodes(), "the bad frame should be logged").toContain(code);
    await expectStillServing(tab.socket, "the socket that sent the bad frame should keep serving");
    await expectStillServing(bystander.socket, "another socket must not be affected");
  });
});

describe("a binary frame", () => {
  it("closes that socket with 1003 and a log line; other sockets keep serving", async () => {
    const { tab, bystander } = await twoJoinedTabs();
    tab.socket.ws.send(Buffer.from([0x7b, 0x7d]));
    expect(await closeCodeOf(tab.socket), "the protocol is text frames only").toBe(CLOSE.binaryFrame);
    expect(running.logs.join("\n"), "the close should be logged").toContain("binary frame refused");
    await expectStillServing(bystander.socket, "another socket must not be affected");
    const fresh = await LiveClient.connect(tab.http, tab.page);
    expect(await fresh.join(tab.page), "the visitor should be able to reconnect").toMatchObject({ t: "rendered" });
    fresh.close();
  });
});

describe("an event before a join", () => {
  it("gets not_joined with its ref, and the socket can still join", async () => {
    const { page, socket } = await openPage(running.origin, "/items/1");
    expect(await socket.event("ping"), "there is no view to handle the event yet").toMatchObject({ t: "error", code: "not_joined", ref: 1 });
    expect(loggedCodes(), "the refusal should be logged").toContain("not_joined");
    expect(await socket.join(page), "a join should still work").toMatchObject({ t: "rendered" });
    await expectStillServing(socket, "events should work after the join");
    socket.close();
  });
});

describe("an event the view does not handle", () => {
  it.each(["delete-everything", "toString", "constructor", "__proto__", "hasOwnProperty"])(
    "(%s) gets unknown_event, and the socket keeps serving",
    async (event) => {
      const { tab, bystander } = await twoJoinedTabs();
      expect(await tab.socket.event(event), `${event} is not one of the view's handlers`).toMatchObject({ t: "error", code: "unknown_event" });
      expect(loggedCodes(), "the refusal should be logged").toContain("unknown_event");
      await expectStillServing(tab.socket, "the socket should keep serving");
      await expectStillServing(bystander.socket, "another socket must not be affected");
    },
  );
});

describe("a join with a path that is not valid percent-encoding", () => {
  it("is refused as token_mismatch, not as a server crash", async () => {
    const { page, socket } = await openPage(running.origin, "/items/1");
    const reply = await socket.join(page, { path: "/items/%E0%A4%A" });
    expect(reply, "a path the client made up is the client's error").toMatchObject({ t: "error", code: "token_mismatch" });
    expect(running.logs.join("\n"), "a bad path must not be logged as a crash").not.toContain("crashed");
    socket.close();
  });
});
