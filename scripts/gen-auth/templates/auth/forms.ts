/** Small pieces every auth form uses: the hidden _csrf field, inputs with their error, reading fields. */
import type { Request } from "express";
import { csrfToken, html, type SafeHtml } from "#live";

/** Every form that POSTs carries the session's CSRF token (csrf-protection.ts checks it). */
export function csrfField(req: Request): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrfToken(req)}" />`;
}

type Input = { name: string; id?: string; label: string; type: "email" | "password"; value?: string; error?: string; autocomplete: string };

/** A labelled input and its error. Password inputs never echo what was typed. */
export function inputField({ name, id = name, label, type, value = "", error, autocomplete }: Input): SafeHtml {
  return html`<label for="${id}">${label}</label>
    <input id="${id}" name="${name}" type="${type}" value="${type === "password" ? "" : value}" autocomplete="${autocomplete}" required />
    ${error ? html`<p class="field-error" role="alert">${label} ${error}</p>` : ""}`;
}

/** A form field as a string; anything else (missing, repeated, an object) reads as "". */
export function formField(req: Request, name: string): string {
  const value: unknown = req.body?.[name];
  return typeof value === "string" ? value : "";
}

/** A route parameter as a string (express 5 types them loosely). */
export function routeParam(req: Request, name: string): string {
  const value: unknown = req.params[name];
  return typeof value === "string" ? value : "";
}
