/**
 * Every name the generated code uses, derived from the three words on the
 * command line — `Accounts User users` — the way phx.gen.auth derives them.
 * Templates refer to these names by token (`__Schema__`, `__table__`, …).
 */

export type Names = {
  context: string; // as given, PascalCase: "Accounts"
  schema: string; // as given, PascalCase: "User"
  table: string; // as given, snake_case: "users"
  tokens: Record<string, string>;
};

export const DEFAULT_ARGS = ["Accounts", "User", "users"] as const;

const PASCAL_CASE = /^[A-Z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$/;
const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const CAMEL_CASE = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$/;
// Directories the base app already has: a context there would mix the domain with them.
const TAKEN_DIRECTORIES = new Set(["auth", "pages", "views", "migrations", "public"]);

export class NameError extends Error {}

/** Derives every name, or throws a NameError that says what to type instead. */
export function deriveNames(context: string, schema: string, table: string): Names {
  if (!PASCAL_CASE.test(context)) throw new NameError(`The context must be PascalCase, like Accounts (got "${context}")`);
  if (!PASCAL_CASE.test(schema)) throw new NameError(`The schema must be PascalCase, like User (got "${schema}")`);
  if (!SNAKE_CASE.test(table)) throw new NameError(`The table must be snake_case and plural, like users (got "${table}")`);
  if (context === schema) throw new NameError(`The context and the schema need different names (both are "${context}")`);
  if (TAKEN_DIRECTORIES.has(kebab(words(context)))) {
    throw new NameError(`The context "${context}" would write into ${kebab(words(context))}/, which the app already uses`);
  }
  const schemaWords = words(schema);
  const contextWords = words(context);
  const tableWords = table.split("_");
  const tokens: Record<string, string> = {
    __Context__: pascal(contextWords),
    __context__: camel(contextWords),
    __context_kebab__: kebab(contextWords),
    __Schema__: pascal(schemaWords),
    __schema__: camel(schemaWords),
    __schema_kebab__: kebab(schemaWords),
    __schema_snake__: snake(schemaWords),
    __schema_human__: human(schemaWords),
    __Schema_human__: capitalise(human(schemaWords)),
    __Schemas__: pascal(tableWords),
    __schemas__: camel(tableWords),
    __schemas_human__: human(tableWords),
    __table__: table,
    __table_kebab__: kebab(tableWords),
    // The res.locals key of the current user: currentUser, as the course's steps read it.
    __assign_key__: `current${pascal(schemaWords)}`,
  };
  return { context, schema, table, tokens };
}

/**
 * The names with another res.locals key for the current user
 * (`--assign-key viewer`): one camelCase word or more, like the keys it sits beside.
 */
export function withAssignKey(names: Names, assignKey: string): Names {
  if (!CAMEL_CASE.test(assignKey)) throw new NameError(`The assign key must be camelCase, like currentUser (got "${assignKey}")`);
  return { ...names, tokens: { ...names.tokens, __assign_key__: assignKey } };
}

function words(pascalName: string): string[] {
  return pascalName.split(/(?=[A-Z])/).map((word) => word.toLowerCase());
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const pascal = (parts: string[]) => parts.map(capitalise).join("");
const camel = (parts: string[]) => parts[0] + parts.slice(1).map(capitalise).join("");
const kebab = (parts: string[]) => parts.join("-");
const snake = (parts: string[]) => parts.join("_");
const human = (parts: string[]) => parts.join(" ");
