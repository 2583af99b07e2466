import { defineConfig } from "vitest/config";

// The project's own tests. Step checkers (test/steps) run against a learner's
// app through `course check` and the honesty proof, with vitest.steps.config.ts.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/steps/**", "node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
