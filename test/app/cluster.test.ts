/**
 * `npm run app:cluster` with the step 07 solution as the app: a private Redis,
 * two node processes and the round-robin proxy, all on free ports. A page and
 * its socket go through the proxy, which sends them to different nodes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accepts, freePort } from "../../scripts/cluster/ports.ts";
import { buildTree } from "../../scripts/course/chain.ts";
import { coursePaths, TOOL_ROOT } from "../../scripts/course/context.ts";
import { listSteps, resolveStep } from "../../scripts/course/steps.ts";
import { removeDir, writeTree } from "../../scripts/course/tree.ts";
import { registerUser, uniqueEmail } from "../support/auth-fixtures.ts";
import { HttpClient } from "../../scripts/harness/http-client.ts";
import { LiveClient, livePage } from "../../scripts/harness/live-client.ts";
import { redisServerPath } from "../support/redis-server.ts";

const CLUSTER_SCRIPT = join(TOOL_ROOT, "scripts", "app-cluster.ts");
const READY_WITHIN_MS = 45_000;

type Cluster = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** Runs app-cluster.ts with `env`; resolves once it says it is ready (or has exited). */
async function runCluster(env: Record<string, string>): Promise<Cluster> {
  const child = spawn(process.execPath, ["--import", "tsx", CLUSTER_SCRIPT], {
    cwd: TOOL_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const ready = new Promise<void>((done) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ctrl-C stops everything")) done();
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
  });
  const timeout = new Promise<void>((done) => setTimeout(done, READY_WITHIN_MS).unref());
  await Promise.race([ready, exited, timeout]);
  return { child, output: () => output, exited };
}

describe("npm run app:cluster without redis-server", () => {
  it("says how to install it and exits", async () => {
    const cluster = await runCluster({ REDIS_SERVER_PATH: "/nonexistent/redis-server", CLUSTER_PORT: String(await freePort()) });
    expect(await cluster.exited, cluster.output()).toBe(1);
    expect(cluster.output()).toContain("sudo apt-get install redis-server");
  });
});

describe.skipIf(!redisServerPath())("npm run app:cluster", () => {
  const paths = coursePaths(TOOL_ROOT);
  const appDir = join(paths.tmp, `cluster-app-${process.pid}`); // inside the repo, so the app's #live import resolves
  let dataDir: string;
  let cluster: Cluster;
  let origin: string;
  let port: number;

  beforeAll(async () => {
    const steps = listSteps(TOOL_ROOT);
    removeDir(appDir);
    writeTree(appDir, buildTree(steps, resolveStep(steps, "07"), "solution"));
    dataDir = mkdtempSync(join(paths.tmp, "cluster-data-"));
    port = await freePort();
    origin = `http://127.0.0.1:${port}`; // the nodes' origin is localhost:port; a development app answers at 127.0.0.1 on the same port too
    cluster = await runCluster({ CLUSTER_PORT: String(port), COURSE_APP_DIR: appDir, COURSE_DATA_DIR: dataDir, NODES: "2" });
    expect(cluster.output(), "the cluster should say it is ready").toContain("Live Auth on 2 nodes");
  }, READY_WITHIN_MS + 5_000);

  afterAll(async () => {
    if (cluster?.child.exitCode === null) {
      cluster.child.kill("SIGINT");
      await cluster.exited;
    }
    removeDir(appDir);
    if (dataDir) removeDir(dataDir);
  });

  it("serves a live page whose socket joins through the proxy, each half on another node, twice", async () => {
    for (let load = 1; load <= 2; load++) {
      const http = new HttpClient(origin);
      const before = cluster.output().length;
      const reply = await http.get("/counter");
      expect(reply.status, `page load ${load}: GET /counter through the proxy`).toBe(200);
      const page = livePage(reply.body, "/counter");
      const socket = await LiveClient.connect(http, page);
      const joined = await socket.join(page);
      socket.close();
      expect(joined.t, `page load ${load}: the socket joins and renders`).toBe("rendered");
      const routed = cluster.output().slice(before);
      const pageNode = routed.match(/GET \/counter → (node \d)/)?.[1];
      const socketNode = routed.match(/websocket \/live\/websocket → (node \d)/)?.[1];
      expect(
        pageNode && socketNode && pageNode !== socketNode,
        `page load ${load}: the proxy should send the page and its socket to different nodes:\n${routed}`,
      ).toBe(true);
    }
  });

  it("reconnects a socket whose node was killed to another node, which reads the session again", async () => {
    const http = new HttpClient(`http://localhost:${port}`); // the nodes' origin: forms are posted from it
    const user = await registerUser(http, uniqueEmail("cluster"));
    await http.get("/");
    const page = livePage((await http.get("/mission")).body, "/mission");
    const before = cluster.output().length;
    const socket = await LiveClient.connect(http, page);
    expect((await socket.join(page)).t, "the mission joins through the proxy").toBe("rendered");
    const node = cluster
      .output()
      .slice(before)
      .match(/websocket \/live\/websocket → (node \d)/)?.[1];
    const pid = Number(cluster.output().match(new RegExp(`${node} on :\\d+ \\(pid (\\d+)\\)`))?.[1]);
    expect(pid, `the ready line names ${node}'s pid`).toBeGreaterThan(0);

    process.kill(pid, "SIGKILL"); // a crash: no chance to close anything
    await socket.closed;
    const again = cluster.output().length;
    const reconnected = await LiveClient.connect(http, page, { handoff: false }); // as the page's client reconnects
    const joined = await reconnected.join(page, { handoff: null });
    reconnected.close();
    const to = cluster
      .output()
      .slice(again)
      .match(/websocket \/live\/websocket → (node \d)/g)
      ?.at(-1);
    expect(to, "the proxy routes the reconnect").toBeDefined();
    expect(to, "the reconnect goes to a node that is still running").not.toContain(node);
    expect(joined.t === "rendered" ? joined.html : joined, "the other node reads the session and renders the agent").toContain(user.email);
  });

  it("stops the nodes and Redis on Ctrl-C", async () => {
    const ports = [...cluster.output().matchAll(/(?:node \d|Redis) on :(\d+)/g)].map((match) => Number(match[1]));
    expect(ports, "the ready line names the nodes' ports and Redis's").toHaveLength(3);
    cluster.child.kill("SIGINT");
    expect(await cluster.exited, "app-cluster exits cleanly").toBe(0);
    for (const port of ports) expect(await accepts(port), `nothing listens on :${port} any more`).toBe(false);
  });
});
