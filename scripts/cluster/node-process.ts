/**
 * One node of an app as a child process: `node --import tsx <entry>` on a free
 * loopback port (PORT), its output read line by line, ready once the port
 * accepts connections. `npm run app:cluster` starts app/main.ts with it; the
 * step 07 checker, the cluster tests and the bench start the checked node
 * (scripts/harness/node-main.ts) with it.
 *
 *   const node = await startNodeProcess({ name: "node 1", entry, env, onLine: (line) => console.log(line) });
 *   …node.port…; node.child.kill("SIGKILL"); await node.exited;
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { accepts, freePort } from "./ports.ts";

const NODE_START_TIMEOUT_IN_MS = 30_000; // tsx compiles the app on first start
const OUTPUT_KEPT_IN_LINES = 40; // quoted when a node fails to start

export type NodeProcessOptions = {
  name: string;
  entry: string; // the file node runs under tsx
  cwd: string;
  env?: NodeJS.ProcessEnv; // added to this process's environment; PORT is set here
  onLine?: (line: string) => void; // every line the node prints, stdout and stderr
  nodeArgs?: string[]; // before --import tsx (e.g. --expose-gc)
};

export type NodeProcess = Awaited<ReturnType<typeof startNodeProcess>>;

/** Starts the node and resolves once it accepts connections; rejects, quoting its last lines, if it exits or hangs first. */
export async function startNodeProcess(options: NodeProcessOptions) {
  const port = await freePort();
  const env = { ...process.env, ...options.env, PORT: String(port) };
  const args = [...(options.nodeArgs ?? []), "--import", "tsx", options.entry];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: options.cwd, env, stdio: ["pipe", "pipe", "pipe"] });
  const recent: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => {
      recent.push(line);
      if (recent.length > OUTPUT_KEPT_IN_LINES) recent.shift();
      options.onLine?.(line);
    });
  }
  child.stdin!.on("error", () => {}); // a node that exited no longer reads its input
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once("exit", (code, signal) => done({ code, signal })),
  );
  const failure = (why: string) => new Error(`${options.name} ${why}; its last lines:\n${recent.join("\n")}`);
  const deadline = Date.now() + NODE_START_TIMEOUT_IN_MS;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw failure(`exited while starting (${child.signalCode ?? `code ${child.exitCode}`})`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw failure(`did not listen on port ${port} within ${NODE_START_TIMEOUT_IN_MS / 1000} s`);
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  return {
    name: options.name,
    port,
    pid: child.pid!,
    child,
    exited,
    isRunning: () => child.exitCode === null && child.signalCode === null,
    /** Sends the signal (default SIGTERM) and resolves once it has exited. */
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}
