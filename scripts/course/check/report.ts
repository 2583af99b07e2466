// Prints a check outcome for the learner: the count first, then each failing
// check with what to change and the lesson section to read. Raw runner output
// only with --verbose.
import { color, say, typeable } from "../ui.ts";
import { TIMEOUT_SENTENCE, type CheckItem, type CheckOutcome, type CodeProblem } from "./outcome.ts";

export function printOutcome(outcome: CheckOutcome, stepLabel: string, verbose: boolean): void {
  if (outcome.status === "compile-error") printCodeProblems("does not compile, so no checks ran", outcome.problems);
  else if (outcome.status === "load-error") printCodeProblems("could not be loaded by the checker, so no checks ran", outcome.problems);
  else if (outcome.status === "timeout") say(`${color.red("✗")} ${color.bold(TIMEOUT_SENTENCE(outcome.durationMs))}`);
  else if (outcome.status === "runner-error") printRunnerError(outcome);
  else printChecks(outcome, stepLabel, verbose);
  if (outcome.notes.trim()) {
    say();
    say(outcome.notes.trimEnd());
  }
  if (verbose && outcome.output) {
    say(color.dim("── runner output ──"));
    say(outcome.output.trimEnd());
  }
}

function printChecks(outcome: CheckOutcome, stepLabel: string, verbose: boolean): void {
  const typeErrors = outcome.problems.filter((problem) => problem.kind === "type");
  if (typeErrors.length > 0) {
    printCodeProblems(`has ${typeErrors.length === 1 ? "a type error" : `${typeErrors.length} type errors`}`, typeErrors);
    say();
  }
  const mark = outcome.status === "pass" ? color.green("✓") : color.red("✗");
  say(`${mark} ${color.bold(`${outcome.passed}/${outcome.total} checks pass`)} ${color.dim(`— step ${outcome.step}`)}`);
  for (const check of outcome.checks.filter((each) => each.status === "fail")) printFailure(check, outcome.lesson, stepLabel);
  for (const problem of outcome.problems.filter((each) => each.kind !== "type")) say(`\n${color.red("✗")} ${problem.message}`);
  const skipped = outcome.checks.filter((check) => check.status === "skip").length;
  if (skipped > 0)
    say(`\n${color.dim(`- ${skipped} more ${skipped === 1 ? "check waits" : "checks wait"} for the failure above: they run once it is fixed.`)}`);
  if (verbose) {
    say();
    for (const check of outcome.checks.filter((each) => each.status !== "fail")) {
      say(`${check.status === "pass" ? color.green("✓") : color.dim("-")} ${check.title}`);
    }
  }
}

function printFailure(check: CheckItem, lesson: string, stepLabel: string): void {
  const failure = check.failure!;
  say();
  say(`${color.red("✗")} ${check.title}`);
  say(`    ${failure.kind === "assertion" ? color.bold(failure.message) : color.red(failure.message)}`);
  if (failure.detail) say(`    ${color.dim(failure.detail)}`);
  if (failure.location) say(`    ${color.dim(`at ${failure.location}`)}`);
  if (check.section) say(`    Read: ${lesson} § ${check.section}  ${color.dim(`(${typeable(`course lesson ${stepLabel}`)})`)}`);
}

function printCodeProblems(what: string, problems: CodeProblem[]): void {
  say(`${color.red("✗")} ${color.bold(`Your code ${what}.`)}`);
  for (const problem of problems) {
    const where = [problem.file, problem.line, problem.column].filter((part) => part !== null).join(":");
    say();
    const [first, ...reasons] = problem.message.split("\n");
    say(`  ${color.bold(where || "(unknown file)")}  ${first}`);
    for (const reason of reasons) say(`  ${color.dim(reason)}`);
    if (problem.source !== null) {
      say(`    ${problem.source}`);
      if (problem.column !== null) say(`    ${" ".repeat(problem.column - 1)}${color.red("^")}`);
    }
  }
}

function printRunnerError(outcome: CheckOutcome): void {
  say(`${color.red("✗")} ${color.bold("The checker did not run.")} This is a problem with the course, not your code. Runner output:`);
  say(outcome.output?.trimEnd() ?? "(none)");
}
