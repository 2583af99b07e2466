#!/usr/bin/env -S node --import=tsx
// The `course` CLI: the learner's loop through the steps (DESIGN.md §3).
// Every verb lives in scripts/course/commands/ and is imported only when run,
// so `course status` starts fast. Run `course --help` for the list.
import { Command } from "commander";
import { CourseError } from "./course/errors.ts";
import { COURSE_COMMAND, fail } from "./course/ui.ts";

const program = new Command(COURSE_COMMAND)
  .description("Work through the Live Auth Course one step at a time. NN is a step: 2, 02 or 02-socket-mount.")
  .showHelpAfterError(`(run \`${COURSE_COMMAND} --help\` to see every command)`)
  .configureOutput({ outputError: (text, write) => write(unknownCommandSentence(text)) });

// Not commander's default command: a default command swallows a mistyped verb
// as its argument ("too many arguments for 'status'"). A bare `course` is
// turned into `course status` below instead, so `chek` stays an unknown command.
program
  .command("status")
  .description("every step with ✓ passed / ✗ not passing / • current, and the next thing to do")
  .action(() => run(async () => (await import("./course/commands/status.ts")).statusCommand()));

program
  .command("start")
  .argument("[NN]", "the step to start")
  .description("save app/ to a snapshot, then put the starter files for step NN in app/")
  .action((step?: string) => run(async () => (await import("./course/commands/apply.ts")).applyCommand("start", step)));

program
  .command("check")
  .argument("[NN]", "the step to check (default: the current step)")
  .option("--json", "print machine-readable results")
  .option("--verbose", "also print the test runner's own output")
  .description("run the step's checks against app/")
  .action((step: string | undefined, flags: { json?: boolean; verbose?: boolean }) =>
    run(async () => (await import("./course/commands/check.ts")).checkCommand(step, flags)),
  );

program
  .command("watch")
  .argument("[NN]", "the step to check (default: the current step)")
  .option("--poll", "poll for changes instead of waiting for file events")
  .option("--json", "print one JSON line per check")
  .description("check again on every save")
  .action((step: string | undefined, flags: { poll?: boolean; json?: boolean }) =>
    run(async () => (await import("./course/commands/watch.ts")).watchCommand(step, flags)),
  );

program
  .command("compare")
  .argument("[NN]", "the step whose solution to compare with (default: the current step)")
  .option("--three-way", "show starter → yours → solution for each changed file")
  .option("--json", "print the lists of added, changed and deleted files")
  .description("diff app/ against the solution, file by file")
  .action((step: string | undefined, flags: { threeWay?: boolean; json?: boolean }) =>
    run(async () => (await import("./course/commands/compare.ts")).compareCommand(step, flags)),
  );

for (const [verb, description] of [
  ["solve", "save app/ to a snapshot, then put the solution for step NN in app/"],
  ["reset", "save app/ to a snapshot, then put the starter for step NN back in app/"],
] as const) {
  program
    .command(verb)
    .argument("[NN]", "the step (default: the current step)")
    .description(description)
    .action((step?: string) => run(async () => (await import("./course/commands/apply.ts")).applyCommand(verb, step)));
}

program
  .command("snapshots")
  .description("list the snapshots of app/, newest first")
  .action(() => run(async () => (await import("./course/commands/snapshots.ts")).snapshotsCommand()));

program
  .command("restore")
  .argument("[ID]", "a snapshot id, a unique part of it, or its number in `course snapshots` (default: the newest)")
  .description("save app/ to a snapshot, then bring back an earlier one")
  .action((id?: string) => run(async () => (await import("./course/commands/snapshots.ts")).restoreCommand(id)));

program
  .command("hint")
  .argument("[NN]", "the step (default: the current step)")
  .description("the next hint for the step")
  .action((step?: string) => run(async () => (await import("./course/commands/hint.ts")).hintCommand(step)));

program
  .command("lesson")
  .argument("[NN]", "the step (default: the current step)")
  .description("read the step's lesson in the terminal")
  .action((step?: string) => run(async () => (await import("./course/commands/lesson.ts")).lessonCommand(step)));

/** Runs a verb; expected failures print their message (with the next command) instead of a stack. */
// biome-ignore lint/suspicious/noConfusingVoidType: a verb returns its exit code, or nothing for 0
async function run(verb: () => Promise<number | void> | number | void): Promise<void> {
  try {
    process.exitCode = (await verb()) ?? 0;
  } catch (error) {
    if (!(error instanceof CourseError)) throw error;
    fail(error.message);
    process.exitCode = 1;
  }
}

// `course lesson | head` closes the pipe early; that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(0);
});

/** Commander's "unknown command 'chek'\n(Did you mean check?)" as one sentence. */
function unknownCommandSentence(text: string): string {
  return text.replace(/^error: unknown command '(.*)'\n\(Did you mean (.*)\?\)/, "error: unknown command '$1' — did you mean '$2'?");
}

const words = process.argv.slice(2);
await program.parseAsync(words.length > 0 ? words : ["status"], { from: "user" });
