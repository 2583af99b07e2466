import type { Request, Response } from "express";
import { html } from "#live";
import { renderPage } from "../layout.ts";
import { csrfField, inputField } from "./forms.ts";

export function resendConfirmationPage(req: Request, res: Response) {
  renderPage(
    req,
    res,
    "Resend confirmation",
    html`<h1>No confirmation instructions received?</h1>
      <p>We'll send a new confirmation link to your inbox.</p>
      <form method="post" action="/users/confirm">
        ${csrfField(req)}
        ${inputField({ name: "email", label: "Email", type: "email", autocomplete: "email" })}
        <button type="submit">Resend confirmation instructions</button>
      </form>`,
  );
}

export function confirmPage(req: Request, res: Response, token: string) {
  renderPage(
    req,
    res,
    "Confirm account",
    html`<h1>Confirm account</h1>
      <form method="post" action="/users/confirm/${encodeURIComponent(token)}">
        ${csrfField(req)}
        <button type="submit">Confirm my account</button>
      </form>`,
  );
}
