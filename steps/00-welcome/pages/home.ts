import type { Request, Response } from "express";
import { html } from "#live";
import { renderPage } from "../layout.ts";

export function home(req: Request, res: Response) {
  renderPage(
    req,
    res,
    "Home",
    html`<h1>Live Auth</h1>
      <p>A small app on a small live runtime. Each page you open is rendered twice:
        once over HTTP, then again over a websocket that keeps it live.</p>
      <p><a href="/counter">Open the live counter</a> and watch the query log in your terminal.</p>`,
  );
}
