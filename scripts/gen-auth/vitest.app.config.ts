/**
 * Runs the tests the generator wrote into an app:
 *
 *   npx vitest run --config scripts/gen-auth/vitest.app.config.ts                     (the app in app/)
 *   COURSE_APP_DIR=DIR npx vitest run --config scripts/gen-auth/vitest.app.config.ts  (an app elsewhere)
 *
 * (The repo's own vitest.config.ts runs only test/**, so it would find none of them.)
 */
import { join, resolve } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: resolve(process.env.COURSE_APP_DIR ?? "app"),
  cacheDir: join(import.meta.dirname, "../../node_modules/.vite/gen-auth"), // not inside the app
  test: {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    testTimeout: 20_000,
  },
});
