/**
 * The mission: the page only logged-in agents may see. In this step it is a
 * plain page; a later step makes it live. It reads the agent from
 * res.locals, where the generated fetchCurrentUser puts the current user.
 */
import type { Request, Response } from "express";
import { html } from "#live";
import { renderPage } from "../layout.ts";

export function mission(req: Request, res: Response) {
  const agent: string = res.locals.currentUser?.email ?? "unknown agent";
  renderPage(
    req,
    res,
    "Mission",
    html`<h1>Top secret mission</h1>
      <p class="agent">Agent: ${agent}</p>
      <p>Your mission, should you choose to accept it: keep this page for logged-in agents only.</p>`,
  );
}
