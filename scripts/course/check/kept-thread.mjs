// @ts-check
// A vitest pool for the warm runner (warm-host.mjs) whose worker thread outlives
// a run. vitest starts a new worker thread for every run and stops it after;
// in a thread that is kept, the next check skips starting one and loading
// express, ws, better-sqlite3 and vitest's own runtime again: most of what a
// re-check of step 00 used to spend before its checker's first test ran.
//
// Each check still re-imports the checker, the runtime and the learner's app:
// vitest's isolation resets the thread's module graph between test files, and
// warm-host.mjs drops the app's compiled files first. What a thread keeps is
// what Node itself caches (packages under node_modules) and anything the code
// under test leaves on globalThis or process; so the thread is retired after
// RUNS_PER_THREAD checks, and at once if it exits or a stop is forced.
//
// How: vitest drives a pool worker with "start", "run"… and "stop" messages.
// A kept thread gets "start" once; later "start"s and every "stop" are answered
// here, as the thread would answer them, and never reach it.
import { ThreadsPoolWorker } from "vitest/node";

const RUNS_PER_THREAD = 50;
const RESPONSE = { __vitest_worker_response__: true };

/** @type {{ inner: ThreadsPoolWorker, started: boolean, runs: number } | null} */
let kept = null;

/** The pool: pass as vitest's `test.pool`. */
export const keptThreadPool = {
  name: "kept-thread",
  /** @param {import("vitest/node").PoolOptions} options */
  createPoolWorker: (options) => new KeptThreadWorker(options),
};

/** Ends the kept thread, if any (the host calls it before it exits). */
export async function endKeptThread() {
  const ending = kept;
  kept = null;
  await ending?.inner.stop();
}

/** @implements {import("vitest/node").PoolWorker} */
class KeptThreadWorker {
  name = "kept-thread";
  /** @type {import("vitest/node").PoolOptions} */
  #options;
  /** @type {[string, (arg: any) => void][]} what this run's runner listens to, taken off the thread after it */
  #listeners = [];
  #stopAnswered = false;

  /** @param {import("vitest/node").PoolOptions} options */
  constructor(options) {
    this.#options = options;
  }

  async start() {
    if (kept && kept.runs >= RUNS_PER_THREAD) await endKeptThread();
    if (kept) return;
    const inner = new ThreadsPoolWorker(this.#options);
    await inner.start();
    const thread = { inner, started: false, runs: 0 };
    kept = thread;
    inner.thread.once("exit", () => {
      if (kept === thread) kept = null;
    });
  }

  /** @param {string} event @param {(arg: any) => void} callback */
  on(event, callback) {
    this.#listeners.push([event, callback]);
    this.#thread().inner.on(event, callback);
  }

  /** @param {string} event @param {(arg: any) => void} callback */
  off(event, callback) {
    this.#listeners = this.#listeners.filter(([e, c]) => e !== event || c !== callback);
    kept?.inner.off(event, callback);
  }

  /** @param {any} message */
  send(message) {
    const thread = this.#thread();
    if (message?.type === "start" && thread.started) return this.#answer({ type: "started", ...RESPONSE });
    if (message?.type === "stop") {
      this.#stopAnswered = true;
      return this.#answer({ type: "stopped", ...RESPONSE });
    }
    if (message?.type === "start") thread.started = true;
    if (message?.type === "run") thread.runs += 1;
    thread.inner.send(message);
  }

  /** @param {unknown} data */
  deserialize(data) {
    return data;
  }

  async stop() {
    for (const [event, callback] of this.#listeners) kept?.inner.off(event, callback);
    this.#listeners = [];
    // No "stop" was asked first: vitest forces this stop (a cancelled or failed run). End the thread.
    if (!this.#stopAnswered) await endKeptThread();
  }

  #thread() {
    if (!kept) throw new Error("the kept worker thread is gone");
    return kept;
  }

  /** Answers as the thread would, on a later tick (the runner listens for it after sending). */
  #answer(/** @type {object} */ response) {
    const listeners = this.#listeners.filter(([event]) => event === "message").map(([, callback]) => callback);
    setImmediate(() => {
      for (const callback of listeners) callback(response);
    });
  }
}
