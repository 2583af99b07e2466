/**
 * What the page does with each server message: patch the root, follow a
 * redirect or a live navigation, show a flash, or recover from an error.
 */

import type { ServerMessage } from "../protocol";
import { setFlashCookie, showFlash } from "./flash";
import { patchRoot, submitTriggerActions } from "./patch";

/** What the page updater needs from the connection. */
export interface ConnectionControl {
  /** Stop reconnecting: the page is navigating away. */
  stop(): void;
  /** Reload the page (at most once per guard window). */
  reload(): void;
}

type Rendered = Extract<ServerMessage, { t: "rendered" | "navigated" }>;
type Redirect = Extract<ServerMessage, { t: "redirect" }>;
type LiveError = Extract<ServerMessage, { t: "error" }>;

export class PageUpdater {
  constructor(
    private readonly root: HTMLElement,
    private readonly connection: ConnectionControl,
  ) {}

  handle(message: ServerMessage): void {
    switch (message.t) {
      case "rendered":
      case "navigated":
        return this.render(message);
      case "redirect":
        return this.redirect(message);
      case "flash":
        return showFlash(message.kind, message.message);
      case "error":
        return this.error(message);
      case "disconnect":
        return; // the connection handles it; the close code decides what happens next
    }
  }

  private render({ html, title }: Rendered): void {
    patchRoot(this.root, html);
    if (typeof title === "string") document.title = title;
    if (submitTriggerActions(this.root)) this.connection.stop();
  }

  private redirect({ to, flash }: Redirect): void {
    this.connection.stop();
    if (typeof flash === "string") setFlashCookie(flash);
    location.assign(to);
  }

  private error({ code, message, reload }: LiveError): void {
    console.warn(`[live] ${code}: ${message}`);
    if (reload === true) this.connection.reload();
  }
}
