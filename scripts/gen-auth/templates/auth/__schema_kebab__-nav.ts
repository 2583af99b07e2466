/** The part of the layout's navigation that depends on who is logged in. */
import type { Request, Response } from "express";
import { html, type SafeHtml } from "#live";
import { csrfField } from "./forms.ts";

export function __schema__Nav(req: Request, res: Response): SafeHtml {
  // with --scope
  const __schema__ = res.locals.currentScope?.__schema__; // as phx.gen.auth 1.8's layouts read current_scope
  // without --scope
  const __schema__ = res.locals.__assign_key__;
  // end --scope
  if (!__schema__) {
    return html`<a href="/__table_kebab__/register">Register</a>
        <a href="/__table_kebab__/log-in">Log in</a>`;
  }
  // Log-out changes state, so it is a POST with the CSRF token, never a link.
  return html`<span class="current-__schema_kebab__">${__schema__.email}</span>
        <a href="/__table_kebab__/settings">Settings</a>
        <form method="post" action="/__table_kebab__/log-out" class="nav-form">${csrfField(req)}<button type="submit">Log out</button></form>`;
}
