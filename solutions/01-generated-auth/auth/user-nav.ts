/** The part of the layout's navigation that depends on who is logged in. */
import type { Request, Response } from "express";
import { html, type SafeHtml } from "#live";
import { csrfField } from "./forms.ts";

export function userNav(req: Request, res: Response): SafeHtml {
  const user = res.locals.currentUser;
  if (!user) {
    return html`<a href="/users/register">Register</a>
        <a href="/users/log-in">Log in</a>`;
  }
  // Log-out changes state, so it is a POST with the CSRF token, never a link.
  return html`<span class="current-user">${user.email}</span>
        <a href="/users/settings">Settings</a>
        <form method="post" action="/users/log-out" class="nav-form">${csrfField(req)}<button type="submit">Log out</button></form>`;
}
