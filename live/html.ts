/**
 * `html` tagged templates: every interpolated value is escaped unless it is
 * already safe HTML (another `html` result, or text wrapped in `raw()`).
 */

const SAFE = Symbol("safe-html");

export type SafeHtml = { readonly [SAFE]: true; readonly value: string; toString(): string };

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** Marks trusted text as HTML. Every call site is a place to audit. */
export function raw(value: string): SafeHtml {
  return { [SAFE]: true, value, toString: () => value };
}

export function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === "object" && value !== null && SAFE in value;
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1]!;
  });
  return raw(out);
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map(render).join("");
  if (isSafeHtml(value)) return value.value;
  return escapeHtml(String(value));
}
