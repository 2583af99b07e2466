/**
 * The log-in form, live. The socket checks the form as the visitor types and
 * when they submit, but a socket cannot set a cookie: so on a good submit the
 * view renders the form with `live-trigger-action`, and the client posts it
 * over plain HTTP (with its _csrf) to POST /users/log-in, which checks the
 * password, renews the session and sets the cookie.
 */
import { assign, defineLiveView, html } from "#live";
import { hasErrors, validateEmail, type FieldErrors, type User } from "../accounts/user.ts";
import { inputField } from "../auth/forms.ts";
import { TOO_MANY_ATTEMPTS, type LogInThrottle } from "../auth/login-throttle.ts";
import { hiddenCsrfField, typedFieldsOnly, type FormValues } from "./live-form.ts";

type LogInState = {
  currentUser: User | null; // set by the live session's redirectIfUserIsAuthenticated hook
  csrfToken: string;
  email: string;
  rememberMe: boolean;
  errors: FieldErrors;
  formError: string | null;
  triggerSubmit: boolean; // true: the client posts the form over HTTP after this render
};

export function logInView(throttle: LogInThrottle) {
  return defineLiveView<LogInState>({
    name: "log-in",
    title: () => "Log in",

    mount(_params, session, socket) {
      const fresh = { email: "", rememberMe: false, errors: {}, formError: null, triggerSubmit: false };
      assign(socket, { ...fresh, csrfToken: session.csrfToken ?? "" });
    },

    handleEvent: {
      validate(socket, form) {
        assign(socket, { ...keptValues(form), errors: typedFieldsOnly(logInErrors(form), form) });
      },

      submit(socket, form) {
        const errors = logInErrors(form);
        assign(socket, { ...keptValues(form), errors, formError: null });
        if (hasErrors(errors)) return;
        // Why ask the throttle here: the POST answers a throttled log-in with a 429 page, which
        // would replace this live form. Asking first shows the message in the form, over the
        // socket. The POST still enforces the limit (per IP too, which the socket cannot see).
        if (throttle.isAccountThrottled(form.email ?? "")) return void assign(socket, "formError", TOO_MANY_ATTEMPTS);
        assign(socket, "triggerSubmit", true);
      },
    },

    render: ({ csrfToken, email, rememberMe, errors, formError, triggerSubmit }) => html`
      <h1>Log in</h1>
      <form method="post" action="/users/log-in" novalidate live-change="validate" live-debounce="300" live-submit="submit" ${triggerSubmit ? html`live-trigger-action` : ""}>
        ${hiddenCsrfField(csrfToken)}
        ${formError ? html`<p class="flash flash-error" role="alert">${formError}</p>` : ""}
        ${inputField({ name: "email", label: "Email", type: "email", value: email, error: errors.email, autocomplete: "username" })}
        ${inputField({ name: "password", label: "Password", type: "password", error: errors.password, autocomplete: "current-password" })}
        <label><input type="checkbox" name="remember_me" value="true" ${rememberMe ? html`checked` : ""} /> Keep me logged in for 14 days</label>
        <button type="submit">Log in</button>
      </form>
      <p><a href="/users/register">Register</a> · <a href="/users/reset-password">Forgot your password?</a></p>
    `,
  });
}

/** What the form shows again after a render: the email and the box, never the password. */
function keptValues(form: FormValues) {
  return { email: form.email ?? "", rememberMe: form.remember_me === "true" };
}

/** The shape of the form only. The password itself is checked by the POST, behind the throttle. */
function logInErrors({ email = "", password = "" }: FormValues): FieldErrors {
  const errors: FieldErrors = {};
  const emailError = validateEmail(email);
  if (emailError) errors.email = emailError;
  if (password === "") errors.password = "can't be blank";
  return errors;
}
