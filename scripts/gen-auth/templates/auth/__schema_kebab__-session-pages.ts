import type { Request, Response } from "express";
import { html } from "#live";
import { renderPage } from "../layout.ts";
import { csrfField, inputField } from "./forms.ts";
// with --magic-link
import { magicLinkForm } from "./__schema_kebab__-magic-link-pages.ts";
// end --magic-link

export function logInPage(req: Request, res: Response, { email, error }: { email: string; error?: string }) {
  renderPage(
    req,
    res,
    "Log in",
    html`<h1>Log in</h1>
      // with --sudo
      ${res.locals.__assign_key__ ? html`<p class="flash flash-info" role="status">You need to reauthenticate to perform sensitive actions.</p>` : ""}
      // end --sudo
      <form method="post" action="/__table_kebab__/log-in">
        ${csrfField(req)}
        ${error ? html`<p class="flash flash-error" role="alert">${error}</p>` : ""}
        ${inputField({ name: "email", label: "Email", type: "email", value: email, autocomplete: "username" })}
        ${inputField({ name: "password", label: "Password", type: "password", autocomplete: "current-password" })}
        <label><input type="checkbox" name="remember_me" value="true" /> Keep me logged in for 14 days</label>
        <button type="submit">Log in</button>
      </form>
      // with --magic-link
      ${magicLinkForm(req, email)}
      // end --magic-link
      <p><a href="/__table_kebab__/register">Register</a> · <a href="/__table_kebab__/reset-password">Forgot your password?</a></p>`,
  );
}
