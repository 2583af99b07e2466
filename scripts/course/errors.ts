// Expected failures the learner can act on. Each one names the next command,
// so no error leaves the learner wondering what to type.

export class CourseError extends Error {
  readonly next: string | null;

  /** `next` is a command such as "course start 00", or null when only a fix in files helps. */
  constructor(problem: string, next: string | null = null) {
    super(next ? `${problem} — run \`${next}\`` : problem);
    this.name = "CourseError";
    this.next = next;
  }
}

/** A broken course tree (missing solution, no-op overlay file, …): for course authors. */
export class CourseTreeError extends CourseError {
  constructor(problem: string) {
    super(problem, null);
    this.name = "CourseTreeError";
  }
}
