/**
 * `npm run app` (app/main.ts) listens on loopback unless HOST says otherwise
 * (SECURITY 31): nobody else on the learner's network reaches a development app.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { connect, createServer, type AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/harness/start-app.ts";
import { writeStepTree } from "../support/step-tree.ts";

// This machine's first non-loopback IPv4 address: where a neighbour would connect.
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((info) => info && info.family === "IPv4" && !info.internal)?.address;

let tree: ReturnType<typeof writeStepTree>;
let dir: string;
const children: ChildProcess[] = [];
beforeAll(() => {
  tree = writeStepTree("00", "starter", "listen");
  dir = tree.dir;
});
afterAll(() => {
  for (const child of children) child.kill();
  tree?.remove();
});

describe("the app's main.ts", () => {
  it.skipIf(!lanAddress)("listens on 127.0.0.1 by default: not reachable at this machine's network address", async () => {
    const port = await runMain({});
    expect(await reachable("127.0.0.1", port), "the app should answer on loopback").toBe(true);
    expect(await reachable(lanAddress!, port), `the app must not answer at ${lanAddress}`).toBe(false);
  });

  it.skipIf(!lanAddress)("listens where HOST says, for a learner who wants it on the network", async () => {
    const port = await runMain({ HOST: "0.0.0.0" });
    expect(await reachable(lanAddress!, port), `with HOST=0.0.0.0 the app should answer at ${lanAddress}`).toBe(true);
  });
});

/** Starts main.ts on a free port and resolves once it says it is running. */
async function runMain(env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import=tsx", join(dir, "main.ts")], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, PORT: String(port), COURSE_DATA_DIR: join(dir, "data"), LIVE_QUERY_LOG: "off" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  await new Promise<void>((running, failed) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("is running at")) running();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => failed(new Error(`main.ts exited (${code}):\n${output}`)));
  });
  return port;
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    const settle = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.once("connect", () => settle(true));
    socket.once("error", () => settle(false));
    socket.once("timeout", () => settle(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
