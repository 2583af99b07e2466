/**
 * The views of the test fixture app (fixture-app.ts). Each exists to show one
 * runtime behaviour: `whoami` (assignNew and its loader), `item` (params,
 * events, flashes, a crashing handler), the guarded views (onMount in a live
 * session) and `file` (a wildcard route).
 */
import type Database from "better-sqlite3";
import {
  assign,
  assignNew,
  cont,
  defineLiveView,
  halt,
  html,
  pushNavigate,
  pushPatch,
  putFlash,
  takeFlash,
  type LayoutPage,
  type OnMount,
  type Session,
} from "#live";

declare module "express-session" {
  interface SessionData {
    user: string;
  }
}

export const LOG_IN_FIRST = "You must log in to see this page.";

/** The visitor's display name, from SQLite; counts its loads so tests can see the handoff at work. */
export function createVisitors(db: Database.Database) {
  db.exec("CREATE TABLE IF NOT EXISTS visitors (user TEXT PRIMARY KEY, name TEXT NOT NULL)");
  const insert = db.prepare("INSERT OR IGNORE INTO visitors (user, name) VALUES (?, ?)");
  const select = db.prepare("SELECT name FROM visitors WHERE user = ?").pluck();
  const visitors = {
    loads: 0,
    add: (user: string) => void insert.run(user, `${user} from the database`),
    load(session: Session): string {
      visitors.loads += 1;
      return (select.get(session.user ?? "") as string | undefined) ?? "a guest";
    },
  };
  return visitors;
}

export type Visitors = ReturnType<typeof createVisitors>;

export function whoamiView(visitors: Visitors) {
  return defineLiveView<{ visitor: string; mountedOver: string }>({
    name: "whoami",
    mount(_params, session, socket) {
      assignNew(socket, "visitor", () => visitors.load(session));
      assign(socket, "mountedOver", socket.connected ? "socket" : "http");
    },
    render: ({ visitor, mountedOver }) => html`<p data-visitor="${visitor}" data-mounted-over="${mountedOver}">${visitor}</p>`,
  });
}

/** Every ping the item view handled, so a test can see what ran on the server. */
export const handledPings: string[] = [];

export const itemView = defineLiveView<{ id: string; pings: number }>({
  name: "item",
  title: ({ id }) => `Item ${id}`,
  mount(params, _session, socket) {
    assign(socket, { id: params.id ?? "", pings: 0 });
  },
  handleEvent: {
    ping(socket, value) {
      handledPings.push(socket.assigns.id ?? "");
      assign(socket, "pings", (socket.assigns.pings ?? 0) + Number(value.by ?? 1));
    },
    save(socket) {
      putFlash(socket, "info", "Item saved.");
    },
    crash() {
      throw new Error("the item handler failed");
    },
  },
  render: ({ id, pings }) => html`<p data-item="${id}" data-pings="${pings}">Item ${id}</p>`,
});

export const requireUser: OnMount = (_params, session, socket) => (session.user ? cont() : halt(socket, "/login", { error: LOG_IN_FIRST }));

/** A page only a logged-in visitor sees; it loads the visitor the way whoami does. */
export function guardedView(name: string, visitors: Visitors) {
  return defineLiveView<{ visitor: string }>({
    name,
    mount(_params, session, socket) {
      assignNew(socket, "visitor", () => visitors.load(session));
    },
    render: ({ visitor }) => html`<p data-visitor="${visitor}">${name} of ${visitor}</p>`,
  });
}

export const fileView = defineLiveView<{ path: string }>({
  name: "file",
  mount(params, _session, socket) {
    assign(socket, "path", params.path ?? "");
  },
  render: ({ path }) => html`<p data-path="${path}">${path}</p>`,
});

export function fixtureLayout({ req, title, head, content }: LayoutPage) {
  const flash = takeFlash(req);
  return html`<!doctype html>
<html lang="en">
  <head><title>${title}</title>${head}</head>
  <body>
    ${flash.info ? html`<p class="flash-info">${flash.info}</p>` : ""}
    ${flash.error ? html`<p class="flash-error">${flash.error}</p>` : ""}
    <main>${content}</main>
  </body>
</html>`;
}

/**
 * The trigger-action pattern: a socket cannot set a cookie, so once the view
 * has what it needs it renders a form marked live-trigger-action, and the
 * client submits that form as a plain HTTP POST.
 */
export const codenameView = defineLiveView<{ codename: string; claimed: boolean }>({
  name: "codename",
  mount(_params, _session, socket) {
    assign(socket, { codename: "", claimed: false });
  },
  handleEvent: {
    claim(socket, value) {
      assign(socket, { codename: value.codename ?? "", claimed: true });
    },
  },
  render: ({ codename, claimed }) => html`
    <form live-submit="claim"><input name="codename" value="${codename}" /><button>Claim</button></form>
    ${claimed ? html`<form method="post" action="/codename" live-trigger-action><input type="hidden" name="codename" value="${codename}" /></form>` : ""}
  `,
});

/** A hook that loads the visitor with assignNew and guards the page, as the generated mountCurrentUser + requireAuthenticated do. */
export function requireVisitor(visitors: Visitors): OnMount {
  return (_params, session, socket) => {
    if (!session.user) return halt(socket, "/login", { error: LOG_IN_FIRST });
    assignNew(socket, "visitor", () => visitors.load(session));
    return cont();
  };
}

/** A page of the "agents" live session: the hook has set the visitor; the page adds nothing but its name. */
export function agentPageView(name: string) {
  return defineLiveView<{ visitor: string; mounts: number }>({
    name,
    title: () => `Agents: ${name}`,
    mount(_params, _session, socket) {
      assign(socket, "mounts", 1);
    },
    handleEvent: {
      go(socket, value) {
        pushNavigate(socket, value.to ?? "/");
      },
    },
    render: ({ visitor }) => html`<p data-page="${name}" data-visitor="${visitor}">${name} of ${visitor}</p>`,
  });
}

/** A list with its page in the path and its order in the query: a patch runs handleParams, not mount. */
export const rosterView = defineLiveView<{ visitor: string; page: string; sort: string; mounts: number; params: number }>({
  name: "roster",
  mount(_params, _session, socket) {
    assign(socket, { mounts: (socket.assigns.mounts ?? 0) + 1, params: 0 });
  },
  handleParams(params, url, socket) {
    assign(socket, { page: params.page ?? "1", sort: url.searchParams.get("sort") ?? "name", params: (socket.assigns.params ?? 0) + 1 });
  },
  handleEvent: {
    next(socket) {
      pushPatch(socket, `/agents/roster/${Number(socket.assigns.page ?? 1) + 1}`);
    },
  },
  render: ({ page, sort, mounts, params }) =>
    html`<p data-roster-page="${page}" data-sort="${sort}" data-mounts="${mounts}" data-params="${params}">page ${page} by ${sort}</p>`,
});
