/**
 * The dev mailbox: emails the app sent, at GET /dev/mailbox (HTML) and
 * /dev/mailbox.json, so confirmation and reset links can be followed without
 * a mail server. Never in production: it shows every user's links.
 */
import { Router } from "express";
import { html } from "#live";
import type { Email } from "../app.ts";
import { renderPage } from "../layout.ts";

// The newest emails only: this is a development aid, not an archive.
const MAILBOX_SIZE_IN_EMAILS = 50;
const LINK = /https?:\/\/\S+/g;

export type SentEmail = Email & { sentAt: string };
export type DevMailbox = ReturnType<typeof createDevMailbox>;

export function createDevMailbox(clock: () => number = Date.now) {
  const emails: SentEmail[] = [];
  const router = Router();
  router.get("/dev/mailbox.json", (_req, res) => void res.json(emails));
  router.get("/dev/mailbox", (req, res) => renderPage(req, res, "Mailbox", mailboxPage(emails)));
  return {
    emails,
    router,
    deliver(email: Email) {
      emails.unshift({ to: email.to, subject: email.subject, text: email.text, sentAt: new Date(clock()).toISOString() });
      emails.length = Math.min(emails.length, MAILBOX_SIZE_IN_EMAILS);
    },
  };
}

function mailboxPage(emails: SentEmail[]) {
  const items = emails.map(
    (email) => html`<article class="email">
      <h2>${email.subject}</h2>
      <p>To ${email.to}, ${email.sentAt}</p>
      <pre>${email.text}</pre>
      ${(email.text.match(LINK) ?? []).map((link) => html`<p><a href="${link}">${link}</a></p>`)}
    </article>`,
  );
  return html`<h1>Dev mailbox</h1>
    ${emails.length === 0 ? html`<p>No emails yet.</p>` : items}`;
}
