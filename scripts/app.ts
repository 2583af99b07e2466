/**
 * `npm run app`: runs the learner's app (app/main.ts) on PORT (default 4000),
 * or says which command creates it. A `course` command killed half-way
 * through replacing app/ is finished first, as every `course` command does.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { coursePaths } from "./course/context.ts";
import { CourseError } from "./course/errors.ts";
import { recoverCourse } from "./course/open-course.ts";

const paths = coursePaths();
try {
  const recovered = recoverCourse(paths);
  if (recovered) console.error(recovered);
} catch (error) {
  if (!(error instanceof CourseError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const main = join(paths.app, "main.ts");
if (!existsSync(main)) {
  console.error("No step started yet — run `npx course start 00` to create app/.");
  process.exit(1);
}
await import(pathToFileURL(main).href);
