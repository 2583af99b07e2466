import type { Request, Response } from "express";
import { html } from "#live";
import { renderPage } from "../layout.ts";
import { csrfField, inputField } from "./forms.ts";

export function logInPage(req: Request, res: Response, { email, error }: { email: string; error?: string }) {
  renderPage(
    req,
    res,
    "Log in",
    html`<h1>Log in</h1>
      <form method="post" action="/users/log-in">
        ${csrfField(req)}
        ${error ? html`<p class="flash flash-error" role="alert">${error}</p>` : ""}
        ${inputField({ name: "email", label: "Email", type: "email", value: email, autocomplete: "username" })}
        ${inputField({ name: "password", label: "Password", type: "password", autocomplete: "current-password" })}
        <label><input type="checkbox" name="remember_me" value="true" /> Keep me logged in for 14 days</label>
        <button type="submit">Log in</button>
      </form>
      <p><a href="/users/register">Register</a> · <a href="/users/reset-password">Forgot your password?</a></p>`,
  );
}
