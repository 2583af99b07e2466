// Terminal output: colours through picocolors (off when NO_COLOR is set or
// output is not a terminal), and the few shapes every verb prints.
import pc from "picocolors";

export const color = pc;

// `course` is this package's own bin, so it is not on the learner's PATH:
// every command we print is spelled the way it must be typed.
export const COURSE_COMMAND = "npx course";

/** A command the learner can type, shown the same way everywhere. */
export function command(text: string): string {
  return pc.cyan(`\`${typeable(text)}\``);
}

/** "course check" → "npx course check"; anything else unchanged. */
export function typeable(text: string): string {
  return /^course(\s|$)/.test(text) ? text.replace(/^course/, COURSE_COMMAND) : text;
}

/** Replaces `course …` spans in a sentence with highlighted commands. */
export function highlightCommands(sentence: string): string {
  return sentence.replace(/`([^`]+)`/g, (_, text: string) => command(text));
}

export function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

export function next(sentence: string): void {
  say(`${pc.bold("Next:")} ${highlightCommands(sentence)}`);
}

export function warn(line: string): void {
  process.stderr.write(`${pc.yellow(highlightCommands(line))}\n`);
}

export function fail(line: string): void {
  process.stderr.write(`${pc.red("✗")} ${highlightCommands(line)}\n`);
}
