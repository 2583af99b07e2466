import type { Request, Response } from "express";
import { html } from "#live";
import type { FieldErrors } from "../accounts/user.ts";
import { renderPage } from "../layout.ts";
import { csrfField, inputField } from "./forms.ts";

export function registrationPage(req: Request, res: Response, { email, errors }: { email: string; errors: FieldErrors }) {
  renderPage(
    req,
    res,
    "Register",
    html`<h1>Register for an account</h1>
      <form method="post" action="/users/register">
        ${csrfField(req)}
        ${inputField({ name: "email", label: "Email", type: "email", value: email, error: errors.email, autocomplete: "username" })}
        ${inputField({ name: "password", label: "Password", type: "password", error: errors.password, autocomplete: "new-password" })}
        <p class="hint">At least 12 characters. A few unrelated words make a strong password.</p>
        <button type="submit">Create an account</button>
      </form>
      <p>Already registered? <a href="/users/log-in">Log in</a></p>`,
  );
}
