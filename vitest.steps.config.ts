// Runs the step checkers (test/steps/NN-slug.test.ts) against a materialised
// app directory named by COURSE_APP_DIR. `course check` and the honesty proof
// use this config; the project's own suite (vitest.config.ts) leaves these out.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/steps/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
    // One checker file per run: nothing to parallelise, and a single worker starts fastest.
    fileParallelism: false,
    watch: false,
  },
});
