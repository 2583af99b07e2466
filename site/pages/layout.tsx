// The frame around every page: the course name, the navigation, and a line
// saying whether the learner's app is running beside the site.
import type { ServerResponse } from "node:http";
import type { ReactNode } from "react";
import { renderToPipeableStream, renderToStaticMarkup } from "react-dom/server";
import type { AppStatus } from "../app-runner.ts";
import { CSRF_FIELD } from "../csrf.ts";

/** What the layout knows about the app; null when this site does not run it. */
export type AppNotice = { status: AppStatus; url: string } | null;

export function renderPage(title: string, app: AppNotice, body: ReactNode): string {
  return `<!doctype html>\n${renderToStaticMarkup(
    <Layout title={title} app={app}>
      {body}
    </Layout>,
  )}`;
}

/**
 * Sends a page as it renders: everything ready now at once, then each
 * <Suspense> part when its data arrives (React swaps it in with a small inline
 * script), so a slow action shows its page, and its result, in one response.
 */
export function streamPage(res: ServerResponse, title: string, app: AppNotice, body: ReactNode): void {
  const stream = renderToPipeableStream(
    <Layout title={title} app={app}>
      {body}
    </Layout>,
    {
      onShellReady() {
        res.setHeader("Content-Type", "text/html; charset=utf-8");
        stream.pipe(res);
      },
      onShellError(error) {
        console.error("[site] a page could not render:", error);
        res.statusCode = 500;
        res.end("The course site hit an error; the terminal running `npm start` has the details.");
      },
      onError(error) {
        console.error("[site] part of a page could not render:", error);
      },
    },
  );
}

function Layout({ title, app, children }: { title: string; app: AppNotice; children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Live Auth Course`}</title>
        <link rel="stylesheet" href="/app.css" />
        <link rel="stylesheet" href="/site.css" />
        <script src="/busy.js" defer />
        <script src="/hints.js" defer />
      </head>
      <body>
        <header className="site-header">
          <a className="site-name" href="/">
            Live Auth Course
          </a>
          <nav>
            <a href="/">Steps</a>
            <a href="/app">Your app</a>
            <a href="/queries">Queries</a>
            <a href="/snapshots">Snapshots</a>
          </nav>
        </header>
        {app && <AppBanner app={app} />}
        <main>{children}</main>
      </body>
    </html>
  );
}

function AppBanner({ app }: { app: NonNullable<AppNotice> }) {
  const { status, url } = app;
  switch (status.state) {
    case "running":
      return (
        <p className="app-banner ok">
          Your app runs at <a href={url}>{url}</a> and restarts when you save a file in app/.
        </p>
      );
    case "absent":
      return (
        <p className="app-banner">
          No step started yet — run <Command text={`npx course start ${status.firstStep}`} />
        </p>
      );
    case "crashed":
      return (
        <p className="app-banner bad">
          Your app stopped with an error. <a href="/app">See the error</a> — it restarts on your next save.
        </p>
      );
    case "port-busy":
      return (
        <p className="app-banner bad">
          Port {status.port} is taken by another program, so your app cannot start. <a href="/app">What to do</a>
        </p>
      );
    case "stopped":
      return <p className="app-banner">Your app is not running.</p>;
  }
}

/** A command the learner can type, shown the same way everywhere. */
export function Command({ text }: { text: string }) {
  return <code className="command">{text}</code>;
}

/** The token every form that changes files carries (site/csrf.ts checks it). */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

export function NotFoundPage({ what }: { what: string }) {
  return (
    <>
      <h1>Not found</h1>
      <p>{what}</p>
      <p>
        <a href="/">Back to the steps</a>
      </p>
    </>
  );
}
