// Turns vitest's JSON report into checks a learner can read: the checker's
// "what to change" message, expected versus actual, and the lesson section.
import path from "node:path";
import type { CheckFailure, CheckItem, CodeProblem } from "./outcome.ts";
import type { VitestAssertion, VitestReport } from "./vitest.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts every terminal colour code this strips
const ANSI = /\u001b\[[0-9;]*m/g;
const COMPILE_ERROR = /Transform failed|PARSE_ERROR|SyntaxError|Unexpected token/;
const SOURCE_LOCATION = /((?:[A-Za-z]:)?[\w./\\@-]+\.[cm]?[jt]sx?):(\d+):(\d+)/;

export function checksFrom(report: VitestReport, appDir: string, root: string): CheckItem[] {
  return report.testResults.flatMap((file) => file.assertionResults.map((assertion) => checkFrom(assertion, appDir, root)));
}

function checkFrom(assertion: VitestAssertion, appDir: string, root: string): CheckItem {
  const sectionTitle = assertion.ancestorTitles.find((title) => title.trim().startsWith("§"));
  const status = assertion.status === "passed" ? "pass" : assertion.status === "failed" ? "fail" : "skip";
  const firstFailure = assertion.failureMessages[0];
  return {
    title: assertion.title,
    section: sectionTitle ? sectionTitle.trim().slice(1).trim() : null,
    status,
    failure: status === "fail" ? failureFrom(firstFailure ?? "Error: the check failed without a message", appDir, root) : null,
  };
}

/** Reads "AssertionError: make add() return the sum: expected -1 to be 3 // Object.is equality\n    at …". */
export function failureFrom(stack: string, appDir: string, root: string): CheckFailure {
  const clean = stack.replace(ANSI, "");
  const firstLine = clean.split("\n")[0] ?? "";
  const named = /^([A-Za-z]*Error)(?: \[[\w_]+\])?: (.*)$/.exec(firstLine);
  const [name, text] = named ? [named[1]!, named[2]!] : ["Error", firstLine];
  if (name === "AssertionError") {
    const expectation = /^(?:(.*?): )?(expected .*?)(?: \/\/ Object\.is equality)?$/.exec(text);
    const message = expectation?.[1] ?? text;
    return { kind: "assertion", message, detail: expectation?.[1] ? expectation[2]! : null, location: null };
  }
  const kind = name === "SyntaxError" || COMPILE_ERROR.test(firstLine) ? "compile" : "error";
  return { kind, message: `${name}: ${text}`, detail: null, location: locationInApp(clean, appDir, root) };
}

/** The first stack frame inside the learner's app, as a root-relative "app/x.ts:3:5". */
function locationInApp(stack: string, appDir: string, root: string): string | null {
  for (const line of stack.split("\n").filter((each) => /^\s+at /.test(each))) {
    const match = SOURCE_LOCATION.exec(line.replace("file://", ""));
    if (match && path.resolve(match[1]!).startsWith(path.resolve(appDir) + path.sep)) {
      return `${path.relative(root, match[1]!)}:${match[2]}:${match[3]}`;
    }
  }
  return null;
}

/** Errors that stopped a whole checker file from loading (an import that fails, a parse error). */
export function fileProblemsFrom(report: VitestReport, root: string): CodeProblem[] {
  return report.testResults
    .filter((file) => file.message)
    .map((file) => {
      const message = file.message.replace(ANSI, "");
      const at = SOURCE_LOCATION.exec(message);
      const importer = /imported from (\S+)/.exec(message);
      const where = at?.[1] ?? importer?.[1] ?? null;
      return {
        kind: COMPILE_ERROR.test(message) ? ("compile" as const) : ("load" as const),
        file: where && path.isAbsolute(where) ? path.relative(root, where) : where,
        line: at ? Number(at[2]) : null,
        column: at ? Number(at[3]) : null,
        message: firstMeaningfulLine(message),
        source: null,
      };
    });
}

function firstMeaningfulLine(message: string): string {
  const lines = message
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const detail = lines.find((line) => line.startsWith("[PARSE_ERROR]"));
  return (detail ?? lines[0] ?? message).replace(/^\[PARSE_ERROR\]\s*/, "");
}
