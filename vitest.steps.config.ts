// Runs the step checkers (test/steps/NN-slug.test.ts) against a materialised
// app directory named by COURSE_APP_DIR. `course check` and the honesty proof
// use this config; the project's own suite (vitest.config.ts) leaves these out.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/steps/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Measured with `npm run bench:loop` on two cores: a worker thread starts
    // faster than a forked process, and better-sqlite3 and bcrypt run in one.
    pool: "threads",
    // One checker file per run: nothing to parallelise, and a single worker starts fastest.
    fileParallelism: false,
    watch: false,
    experimental: {
      // Transforms kept on disk between runs: a cold `course check` skips
      // compiling the checker, its support code and the unchanged app files
      // again (about a third of its CPU time). Keyed by content, so a save is seen.
      fsModuleCache: true,
      fsModuleCachePath: ".course/cache/vitest",
    },
  },
});
