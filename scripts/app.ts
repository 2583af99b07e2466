/**
 * `npm run app`: runs the learner's app (app/main.ts) on PORT (default 4000),
 * or says which command creates it.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const main = join(resolve(import.meta.dirname, ".."), "app", "main.ts");
if (!existsSync(main)) {
  console.error("No step started yet — run `npx course start 00` to create app/.");
  process.exit(1);
}
await import(pathToFileURL(main).href);
