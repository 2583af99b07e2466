/**
 * The registration form, live: the email and password rules are checked as
 * the visitor types and on submit, over the socket. A good submit renders the
 * form with `live-trigger-action`, and the client posts it to
 * POST /users/register, which creates the account and logs the new agent in
 * (a new session id, a new CSRF token) on their mission.
 */
import { assign, defineLiveView, html } from "#live";
import { validateEmail, validatePassword, type FieldErrors, type User } from "../accounts/user.ts";
import { inputField } from "../auth/forms.ts";
import { hiddenCsrfField, typedFieldsOnly, type FormValues } from "./live-form.ts";

type RegistrationState = {
  currentUser: User | null; // set by the live session's redirectIfUserIsAuthenticated hook
  csrfToken: string;
  email: string;
  errors: FieldErrors;
  triggerSubmit: boolean; // true: the client posts the form over HTTP after this render
};

export function registrationView() {
  return defineLiveView<RegistrationState>({
    name: "registration",
    title: () => "Register",

    mount(_params, session, socket) {
      assign(socket, { csrfToken: session.csrfToken ?? "", email: "", errors: {}, triggerSubmit: false });
    },

    handleEvent: {
      validate(socket, form) {
        // EXERCISE: show the errors as the visitor types — assign errors: typedFieldsOnly(registrationErrors(form), form).
        assign(socket, { email: form.email ?? "" });
      },

      submit(socket, form) {
        // EXERCISE: assign errors: registrationErrors(form), and triggerSubmit: true when there are none.
        // HINT: the POST that the trigger sends creates the account and logs the new agent in; the socket only checks.
        assign(socket, { email: form.email ?? "" });
      },
    },

    // EXERCISE: render `live-trigger-action` on the <form> when triggerSubmit is true, as in log-in-live.ts.
    render: ({ csrfToken, email, errors }) => html`
      <h1>Register for an account</h1>
      <form method="post" action="/users/register" novalidate live-change="validate" live-debounce="300" live-submit="submit">
        ${hiddenCsrfField(csrfToken)}
        ${inputField({ name: "email", label: "Email", type: "email", value: email, error: errors.email, autocomplete: "username" })}
        ${inputField({ name: "password", label: "Password", type: "password", error: errors.password, autocomplete: "new-password" })}
        <p class="hint">At least 12 characters. A few unrelated words make a strong password.</p>
        <button type="submit">Create an account</button>
      </form>
      <p>Already registered? <a href="/users/log-in">Log in</a></p>
    `,
  });
}

/** The rules the account will be held to. Whether the email is taken is the POST's to say. */
function registrationErrors({ email = "", password = "" }: FormValues): FieldErrors {
  const errors: FieldErrors = {};
  const emailError = validateEmail(email);
  if (emailError) errors.email = emailError;
  const passwordError = validatePassword(password);
  if (passwordError) errors.password = passwordError;
  return errors;
}
