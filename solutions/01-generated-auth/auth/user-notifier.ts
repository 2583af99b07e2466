/**
 * The emails the accounts context sends. Each goes to every mailer given:
 * the dev mailbox (outside production) and the app's `mailer` option.
 */
import type { Email, Mailer } from "../app.ts";
import type { UserNotifier } from "../accounts/accounts.ts";

const IGNORE_IF_NOT_YOU = "If you didn't request this, please ignore this email.";

export function createUserNotifier(mailers: (Mailer | null | undefined)[]): UserNotifier {
  const deliver = async (email: Email) => {
    for (const mailer of mailers) await mailer?.deliver(email);
  };
  return {
    deliverConfirmationInstructions: (user, url) =>
      deliver(letter(user.email, "Confirmation instructions", "You can confirm your account by visiting the URL below:", url)),
    deliverResetPasswordInstructions: (user, url) =>
      deliver(letter(user.email, "Reset password instructions", "You can reset your password by visiting the URL below:", url)),
    deliverUpdateEmailInstructions: (user, url) =>
      deliver(letter(user.email, "Update email instructions", "You can change your email by visiting the URL below:", url)),
  };
}

function letter(to: string, subject: string, intro: string, url: string): Email {
  return { to, subject, text: `Hi ${to},\n\n${intro}\n\n${url}\n\n${IGNORE_IF_NOT_YOU}\n` };
}
