/**
 * The emails the __context__ context sends. Each goes to every mailer given:
 * the dev mailbox (outside production) and the app's `mailer` option.
 */
import type { Email, Mailer } from "../app.ts";
import type { __Schema__Notifier } from "../__context_kebab__/__context_kebab__.ts";

const IGNORE_IF_NOT_YOU = "If you didn't request this, please ignore this email.";

export function create__Schema__Notifier(mailers: (Mailer | null | undefined)[]): __Schema__Notifier {
  const deliver = async (email: Email) => {
    for (const mailer of mailers) await mailer?.deliver(email);
  };
  return {
    deliverConfirmationInstructions: (__schema__, url) =>
      deliver(letter(__schema__.email, "Confirmation instructions", "You can confirm your account by visiting the URL below:", url)),
    deliverResetPasswordInstructions: (__schema__, url) =>
      deliver(letter(__schema__.email, "Reset password instructions", "You can reset your password by visiting the URL below:", url)),
    deliverUpdateEmailInstructions: (__schema__, url) =>
      deliver(letter(__schema__.email, "Update email instructions", "You can change your email by visiting the URL below:", url)),
    // with --magic-link
    // The same link confirms an account not yet confirmed (phx.gen.auth 1.8): say so.
    deliverLogInInstructions: (__schema__, url) =>
      __schema__.confirmedAt === null
        ? deliver(letter(__schema__.email, "Confirmation instructions", "You can confirm your account by visiting the URL below:", url))
        : deliver(letter(__schema__.email, "Log in instructions", "You can log into your account by visiting the URL below:", url)),
    // end --magic-link
  };
}

function letter(to: string, subject: string, intro: string, url: string): Email {
  return { to, subject, text: `Hi ${to},\n\n${intro}\n\n${url}\n\n${IGNORE_IF_NOT_YOU}\n` };
}
