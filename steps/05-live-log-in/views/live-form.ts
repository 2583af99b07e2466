/** Small pieces the live log-in and registration forms share. */
import { html, type SafeHtml } from "#live";
import type { FieldErrors } from "../accounts/user.ts";

/** A form's fields as a live-change or live-submit event sends them. */
export type FormValues = Readonly<Record<string, string>>;

/**
 * The session's CSRF token, read by the view's mount: the form is posted over
 * HTTP in the end, where csrfProtection checks it like any other form's.
 */
export function hiddenCsrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

/** While typing: errors only for fields that hold something. An empty field is not wrong until submit. */
export function typedFieldsOnly(errors: FieldErrors, form: FormValues): FieldErrors {
  const typed = Object.entries(errors).filter(([field]) => (form[field] ?? "") !== "");
  return Object.fromEntries(typed);
}
