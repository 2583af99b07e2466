// One warm runner per workspace. Whoever keeps running — `course watch` or the
// course site (`npm start`) — checks through it: the runner another process
// already advertises in .course/runner.json if there is one, else its own
// warm vitest (warm.ts) and watching compiler (warm-types.ts), which it then advertises for `course check` and the
// rest. If neither can be had, each check starts a fresh vitest, as
// `course check` does on its own.
import type { CoursePaths } from "../context.ts";
import { resolveStep, type Step } from "../steps.ts";
import type { CheckOutcome } from "./outcome.ts";
import { askRunner, findRunner, serveRunner } from "./runner-file.ts";
import { runCheck } from "./run.ts";
import { WarmRunner } from "./warm.ts";
import { WarmTypeChecker } from "./warm-types.ts";

export interface WarmCheck {
  check(step: Step): Promise<CheckOutcome>;
  close(): Promise<void>;
}

export async function startWarmCheck(paths: CoursePaths, steps: Step[], warn: (line: string) => void): Promise<WarmCheck> {
  const advertised = findRunner(paths, paths.app);
  if (!advertised) return startOwnRunner(paths, steps, warn);
  // Another process's runner, until it goes away (the site stopped): then one of our own, advertised in its place.
  let own: Promise<WarmCheck> | null = null;
  const check = async (step: Step) => {
    const shared = own ? null : await askRunner(advertised, step.id);
    if (shared) return shared;
    own ??= startOwnRunner(paths, steps, warn);
    return (await own).check(step);
  };
  return { check, close: async () => (await own)?.close() };
}

async function startOwnRunner(paths: CoursePaths, steps: Step[], warn: (line: string) => void): Promise<WarmCheck> {
  try {
    // Without a watching compiler each check runs a fresh tsc: slower, the same answer.
    const [firstRunner, types] = await Promise.all([WarmRunner.start(paths, paths.app), WarmTypeChecker.start(paths, paths.app).catch(() => null)]);
    let warm = firstRunner;
    // A check that never finished stopped the runner; the next check starts a new one.
    const warmRun = async (checkerFile: string) => {
      if (!warm.alive) warm = await WarmRunner.start(paths, paths.app);
      return warm.run(checkerFile);
    };
    const check = (step: Step) =>
      runCheck(paths, step, {
        runChecker: warmRun,
        findTypeErrors: types ? () => types.errors() : undefined,
      });
    const stopServing = await serveRunner(paths, paths.app, (stepId) => check(resolveStep(steps, stepId)));
    const close = () => {
      stopServing();
      types?.close();
      return warm.close();
    };
    return { check, close };
  } catch (error) {
    warn(`The warm test runner did not start (${(error as Error).message}); each check starts a fresh one.`);
    return { check: (step) => runCheck(paths, step), close: async () => {} };
  }
}
