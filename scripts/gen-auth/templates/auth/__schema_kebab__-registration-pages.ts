import type { Request, Response } from "express";
import { html } from "#live";
import type { FieldErrors } from "../__context_kebab__/__schema_kebab__.ts";
import { renderPage } from "../layout.ts";
import { csrfField, inputField } from "./forms.ts";

export function registrationPage(req: Request, res: Response, { email, errors }: { email: string; errors: FieldErrors }) {
  renderPage(
    req,
    res,
    "Register",
    html`<h1>Register for an account</h1>
      <form method="post" action="/__table_kebab__/register">
        ${csrfField(req)}
        ${inputField({ name: "email", label: "Email", type: "email", value: email, error: errors.email, autocomplete: "username" })}
        // with --passwordless
        <p class="hint">We will email you a link to log in; you can set a password later in your settings.</p>
        // without --passwordless
        ${inputField({ name: "password", label: "Password", type: "password", error: errors.password, autocomplete: "new-password" })}
        <p class="hint">At least 12 characters. A few unrelated words make a strong password.</p>
        // end --passwordless
        <button type="submit">Create an account</button>
      </form>
      <p>Already registered? <a href="/__table_kebab__/log-in">Log in</a></p>`,
  );
}
