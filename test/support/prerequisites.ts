/**
 * Checks the rest of a checker depends on. Once a prerequisite fails, every
 * later check of the file is skipped, so the learner sees one failure that
 * names the missing piece instead of a wall of the same one. Skipped checks
 * are not passes: the step still fails (`course check` counts only passes).
 */
import { beforeEach, it } from "vitest";

export type PrerequisiteGate = ReturnType<typeof prerequisiteGate>;

/**
 * Call once at the top of a checker file. State lives in the gate, not in
 * this module, because a warm runner keeps support modules between runs.
 */
export function prerequisiteGate() {
  let unmet: string | null = null;
  beforeEach((context) => {
    if (unmet) context.skip(`needs "${unmet}" to pass first`);
  });
  return {
    /** Whether every prerequisite so far has passed: sections use it to skip starting an app for nothing. */
    met: () => unmet === null,
    /** A check whose failure makes the checks after it meaningless. */
    prerequisite(title: string, check: () => Promise<void>) {
      it(title, async () => {
        try {
          await check();
        } catch (error) {
          unmet = title;
          throw error;
        }
      });
    },
  };
}
