// What one `course check` found, in the shape `--json` prints.

export type FailureKind = "assertion" | "error" | "compile";

export interface CheckFailure {
  kind: FailureKind;
  /** What to change: the first line of the checker's assertion message. */
  message: string;
  /** Expected versus actual, briefly: "expected 3 to be 1". */
  detail: string | null;
  /** Where in the learner's code an error was thrown: "app/app.ts:12:5". */
  location: string | null;
}

export interface CheckItem {
  title: string;
  /** The lesson heading the checker grouped this check under (`describe("§ Heading", …)`). */
  section: string | null;
  status: "pass" | "fail" | "skip";
  failure: CheckFailure | null;
}

/**
 * A problem in the learner's code: it could not be compiled or loaded, so no
 * checks ran ("compile", "load"), or it does not type-check ("type"), which
 * is reported before the checks and keeps the step from passing.
 */
export interface CodeProblem {
  kind: "compile" | "load" | "type";
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
  /** The offending source line, when known. */
  source: string | null;
}

/** "timeout": the checker did not finish within checkTimeoutMs() and was stopped (something in app/ never finishes). */
export type CheckStatus = "pass" | "fail" | "compile-error" | "load-error" | "timeout" | "runner-error";

/** What a "timeout" outcome says, in the terminal and on the site. */
export const TIMEOUT_SENTENCE = (durationMs: number) =>
  `The checks did not finish in ${Math.round(durationMs / 1000)} s and were stopped. Something in app/ never finishes: a loop that never ends, or an await that never resolves — at import or in a handler.`;

export interface CheckOutcome {
  step: string;
  appDir: string;
  lesson: string;
  status: CheckStatus;
  passed: number;
  total: number;
  checks: CheckItem[];
  problems: CodeProblem[];
  /** Hash of the files that were checked (recorded in progress on a pass). */
  hash: string;
  durationMs: number;
  /** "warm": the vitest kept running by `course watch`; "cold": one started for this check; null: no checks ran. */
  runner: "warm" | "cold" | null;
  /** What the checker measured and printed for the learner (e.g. the per-phase query table). */
  notes: string;
  /** The runner's own output: only with --verbose, or when the runner itself failed. */
  output: string | null;
}
