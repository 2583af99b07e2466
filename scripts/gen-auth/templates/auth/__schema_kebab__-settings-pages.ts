import type { Request, Response } from "express";
import { html } from "#live";
import type { FieldErrors } from "../__context_kebab__/__schema_kebab__.ts";
import { renderPage } from "../layout.ts";
import { csrfField, inputField } from "./forms.ts";
import { current__Schema__ } from "./__schema_kebab__-auth.ts";
// with --devices
import { devicesSection } from "./__schema_kebab__-devices-pages.ts";
// end --devices

// with --passwordless
/**
 * What the last submission left to show: the email form's value and errors, or the password form's errors;
 * and whether the account has a password to ask for (one registered by email only has none yet).
 */
export type SettingsForms = {
  email?: { value: string; errors: FieldErrors; hasPassword?: boolean };
  password?: { errors: FieldErrors; hasPassword?: boolean };
};

export function settingsPage(req: Request, res: Response, submitted: SettingsForms) {
  const hasPassword = res.locals.__schema__HasPassword !== false;
  const forms = { email: { value: "", errors: {}, ...submitted.email, hasPassword }, password: { errors: {}, ...submitted.password, hasPassword } };
// without --passwordless
/** What the last submission left to show: the email form's value and errors, or the password form's errors. */
export type SettingsForms = { email?: { value: string; errors: FieldErrors }; password?: { errors: FieldErrors } };

export function settingsPage(req: Request, res: Response, forms: SettingsForms) {
// end --passwordless
  renderPage(
    req,
    res,
    "Settings",
    html`<h1>Account settings</h1>
      <p>Logged in as ${current__Schema__(res).email}.</p>
      ${emailForm(req, forms.email)}
      // with --devices
      ${passwordForm(req, forms.password)}
      ${devicesSection(req, res.locals.__schema__Devices ?? [])}`,
      // without --devices
      ${passwordForm(req, forms.password)}`,
      // end --devices
  );
}

function emailForm(req: Request, form: SettingsForms["email"]) {
  const errors = form?.errors ?? {};
  return html`<form method="post" action="/__table_kebab__/settings/email">
      <h2>Change email</h2>
      ${csrfField(req)}
      ${inputField({ name: "email", label: "New email", type: "email", value: form?.value, error: errors.email, autocomplete: "email" })}
      // with --passwordless
      ${form?.hasPassword ? currentPasswordField("email_current_password", errors) : ""}
      // without --passwordless
      ${currentPasswordField("email_current_password", errors)}
      // end --passwordless
      <button type="submit">Change email</button>
    </form>`;
}

function passwordForm(req: Request, form: SettingsForms["password"]) {
  const errors = form?.errors ?? {};
  return html`<form method="post" action="/__table_kebab__/settings/password">
      // with --passwordless
      <h2>${form?.hasPassword ? "Change password" : "Set a password"}</h2>
      // without --passwordless
      <h2>Change password</h2>
      // end --passwordless
      ${csrfField(req)}
      ${inputField({ name: "password", label: "New password", type: "password", error: errors.password, autocomplete: "new-password" })}
      ${inputField({
        name: "password_confirmation",
        label: "Confirm new password",
        type: "password",
        error: errors.password_confirmation,
        autocomplete: "new-password",
      })}
      // with --passwordless
      ${form?.hasPassword ? currentPasswordField("password_current_password", errors) : ""}
      <button type="submit">${form?.hasPassword ? "Change password" : "Set password"}</button>
      // without --passwordless
      ${currentPasswordField("password_current_password", errors)}
      <button type="submit">Change password</button>
      // end --passwordless
    </form>`;
}

// with --passwordless
// Both forms ask for it, once there is one: a session left open on a shared computer must not be enough to
// take the account. Without one, the settings' sudo mode (a recent log-in by link) is what stands guard.
// without --passwordless
// Both forms ask for it: a session left open on a shared computer must not be enough to take the account.
// end --passwordless
function currentPasswordField(id: string, errors: FieldErrors) {
  const field = { name: "current_password", id, label: "Current password", type: "password" as const };
  return inputField({ ...field, error: errors.current_password, autocomplete: "current-password" });
}

export function confirmEmailPage(req: Request, res: Response, token: string) {
  renderPage(
    req,
    res,
    "Confirm your new email",
    html`<h1>Confirm your new email</h1>
      <form method="post" action="/__table_kebab__/settings/confirm-email/${encodeURIComponent(token)}">
        ${csrfField(req)}
        <button type="submit">Change my email</button>
      </form>`,
  );
}
