// The dev mailbox as a browser test reads it: the link in an email the app sent.
import type { Page } from "playwright-core";

type SentEmail = { to: string; subject: string; text: string };

/** The link in the newest email to `to` in the mailbox at `mailboxJsonUrl` (…/dev/mailbox.json) whose subject matches. */
export async function linkFromMailbox(page: Page, mailboxJsonUrl: string, to: string, subject = /./): Promise<string> {
  const emails = (await (await page.request.get(mailboxJsonUrl)).json()) as SentEmail[];
  const email = emails.filter((sent) => sent.to === to && subject.test(sent.subject)).at(-1);
  const link = email?.text.match(/https?:\/\/\S+/)?.[0];
  if (!link) throw new Error(`no email to ${to} with a subject like ${subject} in the dev mailbox: ${JSON.stringify(emails)}`);
  return link;
}
