/**
 * Learner-facing output from a checker (such as the query table). `course check`
 * sets COURSE_REPORT_FILE and prints the file after its summary; run directly
 * under vitest, the lines go to the console.
 */
import { appendFileSync } from "node:fs";

export function report(text: string) {
  const file = process.env.COURSE_REPORT_FILE;
  if (file) appendFileSync(file, text.endsWith("\n") ? text : `${text}\n`);
  else console.log(text);
}
