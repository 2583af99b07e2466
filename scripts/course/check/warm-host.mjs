// @ts-check
// The process that keeps vitest warm for warm.ts. Plain JavaScript on purpose:
// the `course` CLI runs under tsx, and in a tsx process vitest starts about five
// times slower and its worker threads (which inherit the loader) run each check
// about twice as slowly — measured with `npm run bench:loop`. So warm.ts forks
// this file without tsx and talks to it over IPC:
//
//   parent → host   { run: checkerFile, invalidate: [absolute app files] }
//   host → parent   { ready: true }  once, then per run
//                   { report: VitestReport, unhandled: string }  or  { error: string }
//
// Its worker thread is kept from one check to the next (kept-thread.mjs).
import { createVitest } from "vitest/node";
import { endKeptThread, keptThreadPool } from "./kept-thread.mjs";

const { root, config, env } = JSON.parse(process.argv[2] ?? "{}");
const vitest = await createVitest("test", { root, config, watch: false, reporters: [{}] }, { test: { env, pool: keptThreadPool } });
await vitest.standalone();
process.send?.({ ready: true });

process.on("message", (/** @type {{ run: string, invalidate: string[] }} */ message) => {
  run(message).then(
    (reply) => process.send?.(reply),
    (error) => process.send?.({ error: String(error?.stack ?? error) }),
  );
});
process.on("disconnect", () => void endKeptThread().finally(() => vitest.close().finally(() => process.exit(0))));

/** @param {{ run: string, invalidate: string[] }} message */
async function run({ run: checkerFile, invalidate }) {
  // The app is re-imported fresh: its compiled files are dropped before each run.
  for (const file of invalidate) {
    vitest.invalidateFile(file);
    vitest.watcher.invalidates.add(file);
  }
  const result = await vitest.runTestFiles([checkerFile]);
  const unhandled = result.unhandledErrors.map((error) => String(/** @type {any} */ (error)?.stack ?? error)).join("\n");
  return { report: reportFrom(result.testModules), unhandled };
}

/**
 * The shape of vitest's JSON report (what a cold run writes), so parse.ts reads both alike.
 * @param {readonly import("vitest/node").TestModule[]} modules
 */
function reportFrom(modules) {
  return {
    testResults: modules.map((module) => ({
      name: module.moduleId,
      status: module.state(),
      message: module.errors()[0]?.message ?? "",
      assertionResults: [...module.children.allTests()].map(assertionFrom),
    })),
  };
}

/** @param {import("vitest/node").TestCase} test */
function assertionFrom(test) {
  /** @type {string[]} */
  const ancestorTitles = [];
  for (let parent = test.parent; parent.type === "suite"; parent = parent.parent) ancestorTitles.unshift(parent.name);
  const result = test.result();
  return {
    ancestorTitles,
    title: test.name,
    status: result.state,
    failureMessages: (result.errors ?? []).map((error) => error.stack ?? error.message),
  };
}
