/**
 * The log-in form, live. The socket checks the form as the visitor types and
 * when they submit, but a socket cannot set a cookie: so on a good submit the
 * view renders the form with `live-trigger-action`, and the client posts it
 * over plain HTTP (with its _csrf) to POST /users/log-in, which checks the
 * password, renews the session and sets the cookie.
 */
import { assign, defineLiveView, html } from "#live";
import { validateEmail, type FieldErrors, type User } from "../accounts/user.ts";
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
        // EXERCISE: show the errors as the visitor types — assign errors: typedFieldsOnly(logInErrors(form), form).
        assign(socket, keptValues(form));
      },

      submit(socket, form) {
        assign(socket, { ...keptValues(form), formError: null });
        // EXERCISE: assign errors: logInErrors(form), and stop there if hasErrors(errors).
        // EXERCISE: if throttle.isAccountThrottled(form.email ?? ""), assign formError: TOO_MANY_ATTEMPTS and stop.
        // EXERCISE: otherwise assign triggerSubmit: true — the form then goes to POST /users/log-in over HTTP.
        // HINT: a socket cannot set a cookie, so it must not log anyone in: it only decides that the form may be sent.
      },
    },

    // EXERCISE: render `live-trigger-action` on the <form> when triggerSubmit is true (html`live-trigger-action`, or "").
    render: ({ csrfToken, email, rememberMe, errors, formError }) => html`
      <h1>Log in</h1>
      <form method="post" action="/users/log-in" novalidate live-change="validate" live-debounce="300" live-submit="submit">
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
