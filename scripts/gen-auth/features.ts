/**
 * The generator's options: features added on top of the course's password
 * flow, each named on the command line (`--magic-link`, `--sudo`, `--devices`, `--scope`,
 * `--passwordless`). With none, the output is exactly what step 01 teaches.
 *
 * A feature adds whole files (feature-templates/<feature>/, laid out like
 * templates/) and small blocks inside shared templates (see render.ts).
 *
 * All are off by default, though phx.gen.auth 1.8 turns magic links on: the
 * generator cannot tell a course step from a new app, and step 01's solution
 * must stay the password flow the lessons teach. Ask for them by name.
 */
import { join } from "node:path";

export const FEATURES = {
  "magic-link": "log in with a link sent by email (a 15-minute, single-use token)",
  sudo: "sensitive pages (settings) need a log-in from the last 20 minutes; live pages get an onMount hook asking for 10",
  devices: "the settings page lists the log-ins (devices) and logs any of them out",
  scope: "res.locals.currentScope: a scope ({ user }) beside the current user, as phx.gen.auth 1.8 assigns",
  passwordless:
    "registration asks only for an email; the account logs in by magic link and may set a password in its settings (implies --magic-link and --sudo)",
} as const;

export type Feature = keyof typeof FEATURES;
export type Features = ReadonlySet<Feature>;

export const NO_FEATURES: Features = new Set();
export const FEATURE_TEMPLATES_DIR = join(import.meta.dirname, "feature-templates");

// An account without a password logs in by link, and its settings cannot ask for a current password:
// a recent log-in (sudo mode) is what proves who is at the keyboard, as in phx.gen.auth 1.8.
const IMPLIES: Partial<Record<Feature, Feature[]>> = { passwordless: ["magic-link", "sudo"] };

export function isFeature(name: string): name is Feature {
  return Object.hasOwn(FEATURES, name);
}

/** The features asked for, with every feature they imply. */
export function withImplied(chosen: Iterable<Feature>): Set<Feature> {
  const features = new Set(chosen);
  for (const feature of [...features]) for (const implied of IMPLIES[feature] ?? []) features.add(implied);
  return features;
}
