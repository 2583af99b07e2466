import type { Request, Response } from "express";
import { html } from "#live";
import type { FieldErrors } from "../__context_kebab__/__schema_kebab__.ts";
import { renderPage } from "../layout.ts";
import { csrfField, inputField } from "./forms.ts";

export function resetPasswordRequestPage(req: Request, res: Response) {
  renderPage(
    req,
    res,
    "Forgot your password?",
    html`<h1>Forgot your password?</h1>
      <p>We'll send a password reset link to your inbox.</p>
      <form method="post" action="/__table_kebab__/reset-password">
        ${csrfField(req)}
        ${inputField({ name: "email", label: "Email", type: "email", autocomplete: "email" })}
        <button type="submit">Send password reset instructions</button>
      </form>`,
  );
}

export function newPasswordPage(req: Request, res: Response, { token, errors }: { token: string; errors: FieldErrors }) {
  renderPage(
    req,
    res,
    "Reset password",
    html`<h1>Reset password</h1>
      <form method="post" action="/__table_kebab__/reset-password/${encodeURIComponent(token)}">
        ${csrfField(req)}
        ${inputField({ name: "password", label: "New password", type: "password", error: errors.password, autocomplete: "new-password" })}
        ${inputField({
          name: "password_confirmation",
          label: "Confirm new password",
          type: "password",
          error: errors.password_confirmation,
          autocomplete: "new-password",
        })}
        <button type="submit">Reset password</button>
      </form>`,
  );
}
