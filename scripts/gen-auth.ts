#!/usr/bin/env -S node --import=tsx
/**
 * `npm run gen:auth -- Accounts User users`: generates a complete session
 * authentication into the app (like `mix phx.gen.auth`): a migration, the
 * domain context, the auth web layer and their tests. It never edits
 * app.ts or layout.ts: it prints the lines to add there.
 *
 *   npm run gen:auth -- [Context Schema table] [--into DIR] [--force] [--magic-link] [--sudo] [--devices] [--scope]
 *                       [--passwordless] [--assign-key NAME]
 *
 * The options add what phx.gen.auth 1.8 generates (features.ts); the course's
 * steps use none of them.
 */
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { Command } from "commander";
import pc from "picocolors";
import { FEATURES, withImplied, type Feature } from "./gen-auth/features.ts";
import { generate } from "./gen-auth/generate.ts";
import { DEFAULT_ARGS, deriveNames, NameError, withAssignKey, type Names } from "./gen-auth/names.ts";
import { formatWiring, wiringFor } from "./gen-auth/wiring.ts";

const program = new Command("gen:auth")
  .description("Generate session authentication into the app: migration, domain context, web layer, tests.")
  .argument("[context]", "the domain context, PascalCase", DEFAULT_ARGS[0])
  .argument("[schema]", "the schema, PascalCase and singular", DEFAULT_ARGS[1])
  .argument("[table]", "the table, snake_case and plural (also the URL prefix)", DEFAULT_ARGS[2])
  .option("--into <dir>", "the app directory to write into", "app")
  .option("--force", "overwrite files that already exist")
  .option("--magic-link", FEATURES["magic-link"])
  .option("--sudo", FEATURES.sudo)
  .option("--devices", FEATURES.devices)
  .option("--scope", FEATURES.scope)
  .option("--passwordless", FEATURES.passwordless)
  .option("--assign-key <name>", "the res.locals key of the current user (default: currentUser, for the schema User)")
  .addHelpText(
    "after",
    "\nEvery option is off unless named: with none, the output is the password flow step 01 teaches.\n" +
      "phx.gen.auth 1.8 generates magic links and sudo mode for every new app; here, ask for them.",
  )
  .action((context: string, schema: string, table: string, flags: Flags) => {
    process.exitCode = run(context, schema, table, flags);
  });

type Flags = {
  into: string;
  force?: boolean;
  magicLink?: boolean;
  sudo?: boolean;
  devices?: boolean;
  scope?: boolean;
  passwordless?: boolean;
  assignKey?: string;
};

function chosenFeatures(flags: Flags): Set<Feature> {
  const chosen = new Set<Feature>();
  if (flags.magicLink) chosen.add("magic-link");
  if (flags.sudo) chosen.add("sudo");
  if (flags.devices) chosen.add("devices");
  if (flags.scope) chosen.add("scope");
  if (flags.passwordless) chosen.add("passwordless");
  return withImplied(chosen);
}

function run(context: string, schema: string, table: string, flags: Flags): number {
  let names: Names;
  try {
    names = deriveNames(context, schema, table);
    if (flags.assignKey !== undefined) names = withAssignKey(names, flags.assignKey);
  } catch (error) {
    if (error instanceof NameError) return fail(error.message);
    throw error;
  }
  if (flags.scope && names.tokens.__assign_key__ === SCOPE_ASSIGN_KEY) {
    return fail(`--scope assigns ${SCOPE_ASSIGN_KEY} itself: choose another --assign-key`);
  }
  const into = resolve(flags.into);
  const label = relative(process.cwd(), into) || ".";
  if (!existsSync(join(into, "app.ts"))) return fail(`There is no app in ${label}/ (no app.ts): run \`npx course start 01\`, or pass --into DIR`);

  const result = generate(names, into, { force: flags.force, features: chosenFeatures(flags) });
  if (!result.ok) {
    const list = result.existing.map((path) => `  ${label}/${path}`).join("\n");
    return fail(`These files already exist, so nothing was written:\n${list}\nRun again with --force to overwrite them.`);
  }
  for (const path of result.created) console.log(`${pc.green("* creating")} ${label}/${path}`);
  for (const path of result.overwritten) console.log(`${pc.yellow("* overwriting")} ${label}/${path}`);
  console.log(`\nThe authentication code is in place. Wire it into the app:\n\n${formatWiring(wiringFor(names), label)}`);
  if (flags.assignKey !== undefined) {
    console.log(`Pages of your own that read res.locals.currentUser (pages/mission.ts) read res.locals.${flags.assignKey} instead.\n`);
  }
  const appDirVariable = label === "app" ? "" : `COURSE_APP_DIR=${label} `;
  console.log(`Then run the generated tests:\n\n       ${appDirVariable}npx vitest run --config scripts/gen-auth/vitest.app.config.ts\n`);
  return 0;
}

// --scope's own key, beside the current user's (auth/<schema>-auth.ts)
const SCOPE_ASSIGN_KEY = "currentScope";

function fail(message: string): number {
  console.error(pc.red(message));
  return 1;
}

program.parse();
