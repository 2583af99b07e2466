import type { Request, Response } from "express";
import { html } from "#live";
import type { __Schema__ } from "../__context_kebab__/__schema_kebab__.ts";
import { renderPage } from "../layout.ts";
import { csrfField, inputField } from "./forms.ts";

/** Beside the password form on the log-in page: ask for a link instead. */
export function magicLinkForm(req: Request, email: string) {
  return html`<form method="post" action="/__table_kebab__/log-in/magic-link">
      <h2>Or log in with a link</h2>
      ${csrfField(req)}
      ${inputField({ name: "email", id: "magic_link_email", label: "Email", type: "email", value: email, autocomplete: "username" })}
      <button type="submit">Email me a link</button>
    </form>`;
}

/** What the emailed link opens: a button, so that opening the link changes nothing by itself. */
export function magicLinkPage(req: Request, res: Response, { token, __schema__ }: { token: string; __schema__: __Schema__ }) {
  const confirming = __schema__.confirmedAt === null;
  renderPage(
    req,
    res,
    "Log in",
    html`<h1>Welcome ${__schema__.email}</h1>
      <form method="post" action="/__table_kebab__/log-in/${encodeURIComponent(token)}">
        ${csrfField(req)}
        <label><input type="checkbox" name="remember_me" value="true" /> Keep me logged in for 14 days</label>
        <button type="submit">${confirming ? "Confirm my account and log in" : "Log in"}</button>
      </form>`,
  );
}
