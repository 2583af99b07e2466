/**
 * The page around every view: navigation, flash messages, the main content.
 * Live routes and plain pages both render through `layout`.
 */
import type { Request, Response } from "express";
import { csrfToken, html, takeFlash, type LayoutPage, type SafeHtml } from "#live";
import { userNav } from "./auth/user-nav.ts";

export const pageTitle = (title: string) => `${title} · Live Auth`;

export function layout({ req, res, title, head, content }: LayoutPage): SafeHtml {
  const flash = takeFlash(req);
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${pageTitle(title)}</title>
    <link rel="stylesheet" href="/assets/app.css" />
    <link rel="icon" href="data:," />
    ${head}
  </head>
  <body>
    <header class="nav">
      <a href="/" class="brand">Live Auth</a>
      <nav>
        <a href="/counter">Counter</a>
        <a href="/mission">Mission</a>
        ${userNav(req, res)}
      </nav>
    </header>
    <div data-live-flash>
      ${flash.info ? html`<p class="flash flash-info" role="status">${flash.info}</p>` : ""}
      ${flash.error ? html`<p class="flash flash-error" role="alert">${flash.error}</p>` : ""}
    </div>
    <main>${content}</main>
  </body>
</html>`;
}

/** Renders a plain (not live) page in the layout. */
export function renderPage(req: Request, res: Response, title: string, content: SafeHtml) {
  const head = html`<meta name="csrf-token" content="${csrfToken(req)}" />`;
  res.type("html").send(layout({ req, res, title, head, content }).value);
}
