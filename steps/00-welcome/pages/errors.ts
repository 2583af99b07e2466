/** The one place where errors become responses. */
import type { ErrorRequestHandler, Request, Response } from "express";
import { html } from "#live";
import { renderPage } from "../layout.ts";

export function notFound(req: Request, res: Response) {
  res.status(404);
  renderPage(req, res, "Not found", html`<h1>Not found</h1><p>There is no page at ${req.path}.</p>`);
}

export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return function handleError(error, req, res, next) {
    if (res.headersSent) return next(error);
    const status = typeof error?.status === "number" && error.status < 500 ? error.status : 500;
    if (status === 500) log(`[http] ${req.method} ${req.path} failed: ${error?.stack ?? error}`);
    res.status(status);
    const message = status === 500 ? "Something went wrong on our side." : "That request could not be handled.";
    renderPage(req, res, "Error", html`<h1>Error ${status}</h1><p>${message}</p>`);
  };
}
