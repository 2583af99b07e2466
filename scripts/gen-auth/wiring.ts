/**
 * The wiring: the lines to add to the app's app.ts and layout.ts, as data.
 * The generator prints it (as phx.gen.auth prints its instructions) and never
 * edits those files itself; `applyWiring` applies the same data, for tests and
 * for building the step's solution.
 *
 * Each edit finds one anchor line and inserts its lines after or before it, or
 * replaces it. Marker comments (`// EXERCISE:`, `// HINT:`, `<!-- EXERCISE: … -->`)
 * standing at that spot are what the edit answers, so it removes them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Names } from "./names.ts";
import { render } from "./render.ts";

export type Edit = {
  file: "app.ts" | "layout.ts";
  why: string;
  anchor: RegExp; // matched against each trimmed line; exactly one line must match
  shows: string; // the anchor as the instructions print it
  where: "after" | "before" | "replace";
  lines: string[];
};

const MARKER = /^\s*(?:\/\/|<!--)\s*(?:EXERCISE|HINT):/;

// Written with template tokens, rendered for the names given.
const EDITS: Edit[] = [
  {
    file: "app.ts",
    why: "Import the generated code",
    anchor: /^import .* from "#live";$/,
    shows: 'the import from "#live"',
    where: "after",
    lines: [
      'import { create__Context__ } from "./__context_kebab__/__context_kebab__.ts";',
      'import { csrfProtection } from "./auth/csrf-protection.ts";',
      'import { createDevMailbox } from "./auth/dev-mailbox.ts";',
      'import { create__Schema__Auth } from "./auth/__schema_kebab__-auth.ts";',
      'import { create__Schema__Notifier } from "./auth/__schema_kebab__-notifier.ts";',
      'import { __schema__Routes } from "./auth/__schema_kebab__-routes.ts";',
    ],
  },
  {
    file: "app.ts",
    why: "Let tests choose a fast bcrypt cost",
    anchor: /^log\?: \(line: string\) => void;/,
    shows: "`log?: …` in AppOptions",
    where: "after",
    lines: ["  bcryptCost?: number; // bcrypt work factor: leave it unset (12) outside tests, which pass 4"],
  },
  {
    file: "app.ts",
    why: "Create the __context__ context and the auth, once the live runtime exists",
    anchor: /^const app = express\(\);$/,
    shows: "`const app = express();`",
    where: "before",
    lines: [
      "  const mailbox = options.production ? null : createDevMailbox(clock); // GET /dev/mailbox: the emails sent",
      "  const notifier = create__Schema__Notifier([mailbox, options.mailer]);",
      "  const __context__ = create__Context__(db, { notifier, clock, bcryptCost: options.bcryptCost, production: options.production });",
      '  const __schema__Auth = create__Schema__Auth({ __context__, live, secret: options.secret, secure: options.origin.startsWith("https:") });',
      "",
    ],
  },
  {
    file: "app.ts",
    why: "Load the current __schema_human__ on every request, then refuse forged form posts",
    anchor: /^app\.use\(sessionMiddleware\);$/,
    shows: "`app.use(sessionMiddleware);`",
    where: "after",
    lines: ["  app.use(__schema__Auth.fetchCurrent__Schema__);", "  app.use(csrfProtection(options.origin));"],
  },
  {
    file: "app.ts",
    why: "Mount the auth routes",
    anchor: /^app\.get\("\/", home\);$/,
    shows: '`app.get("/", home);`',
    where: "after",
    lines: ["  app.use(__schema__Routes({ __context__, __schema__Auth, origin: options.origin, clock, mailbox }));"],
  },
  {
    file: "app.ts",
    why: "Only logged-in __schemas_human__ may see the mission",
    anchor: /^app\.get\("\/mission", mission\);$/,
    shows: '`app.get("/mission", mission);`',
    where: "replace",
    lines: ['  app.get("/mission", __schema__Auth.requireAuthenticated__Schema__, mission);'],
  },
  {
    file: "layout.ts",
    why: "Import the navigation links",
    anchor: /^import .* from "#live";$/,
    shows: 'the import from "#live"',
    where: "after",
    lines: ['import { __schema__Nav } from "./auth/__schema_kebab__-nav.ts";'],
  },
  {
    file: "layout.ts",
    why: "The layout needs the response, where the current __schema_human__ is",
    anchor: /^export function layout\(\{ req, title, head, content \}: LayoutPage\): SafeHtml \{$/,
    shows: "the first line of `layout`",
    where: "replace",
    lines: ["export function layout({ req, res, title, head, content }: LayoutPage): SafeHtml {"],
  },
  {
    file: "layout.ts",
    why: "Show who is logged in, with Settings and Log out (or Register and Log in)",
    anchor: /^<\/nav>$/,
    shows: "`</nav>`",
    where: "before",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a line of the layout's html`…` template, as text
    lines: ["        ${__schema__Nav(req, res)}"],
  },
];

/** The edits for these names. */
export function wiringFor(names: Names): Edit[] {
  return EDITS.map((edit) => ({
    ...edit,
    why: render(edit.why, names, "wiring"),
    lines: edit.lines.map((line) => render(line, names, "wiring")),
  }));
}

/** The instructions the generator prints. */
export function formatWiring(edits: Edit[], appDirLabel: string): string {
  const out: string[] = [];
  edits.forEach((edit, index) => {
    const place = edit.where === "replace" ? `replace ${edit.shows} with` : `${edit.where} ${edit.shows}`;
    out.push(`  ${index + 1}. ${edit.why} — in ${appDirLabel}/${edit.file}, ${place}:`, "");
    const shown = edit.lines.filter((line) => line.trim() !== "");
    out.push(...shown.map((line) => `       ${line.trim()}`), "");
  });
  return out.join("\n");
}

export class WiringError extends Error {}

/** Applies the edits to the files in `appDir`. Throws a WiringError, writing nothing, if an anchor is missing. */
export function applyWiring(appDir: string, edits: Edit[]): void {
  const files = new Map<string, string>();
  for (const edit of edits) {
    const text = files.get(edit.file) ?? readFileSync(join(appDir, edit.file), "utf8");
    files.set(edit.file, applyEdit(text, edit));
  }
  for (const [file, text] of files) writeFileSync(join(appDir, file), text);
}

export function applyEdit(text: string, edit: Edit): string {
  const lines = text.split("\n");
  const matches = lines.flatMap((line, index) => (edit.anchor.test(line.trim()) ? [index] : []));
  if (matches.length !== 1) {
    throw new WiringError(`${edit.file}: expected one line like ${edit.shows}, found ${matches.length} — apply "${edit.why}" by hand`);
  }
  const at = matches[0]!;
  if (edit.where === "after") {
    let end = at + 1;
    while (end < lines.length && MARKER.test(lines[end]!)) end++;
    lines.splice(at + 1, end - at - 1, ...edit.lines);
  } else {
    let start = at;
    while (start > 0 && MARKER.test(lines[start - 1]!)) start--;
    const replaced = edit.where === "replace" ? [] : [lines[at]!];
    lines.splice(start, at - start + 1, ...edit.lines, ...replaced);
  }
  return lines.join("\n");
}
