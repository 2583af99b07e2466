/**
 * The mission briefing: a second page of the agent's live session. The live
 * link from the mission mounts it over the open socket, without an HTTP
 * request — so fetchCurrentUser never runs for it, and its mount has to
 * establish the agent itself. For now it does, with a copy of the mission's guard.
 */
import { assignNew, defineLiveView, html, redirect, type Session } from "#live";
import type { Accounts } from "../accounts/accounts.ts";
import type { User } from "../accounts/user.ts";
import { LOG_IN_PATH } from "../auth/user-auth.ts";

type BriefingState = { currentUser: User | null };

export function briefingView(accounts: Accounts) {
  return defineLiveView<BriefingState>({
    name: "briefing",
    title: () => "Briefing",

    mount(_params, session, socket) {
      // EXERCISE: a copy of the mission's guard. Delete it once requireAuthenticated guards the whole live session.
      assignNew(socket, "currentUser", () => currentUserFrom(session));
      if (!socket.assigns.currentUser) {
        redirect(socket, LOG_IN_PATH, { error: "You must log in to access this page." });
        return;
      }
    },

    render: ({ currentUser }) => html`
      <h1>Mission briefing</h1>
      <p class="agent">Agent: ${currentUser?.email ?? "unknown agent"}</p>
      <p>Your contact waits on the socket you already have open. Moving between these pages asks the server for no new page.</p>
      <p><a href="/mission" data-live-link>Back to the mission</a> · <a href="/counter" data-live-link>The counter</a> (another live session: a full page load)</p>
    `,
  });

  /** The user whose session token this session holds, or null. */
  function currentUserFrom(session: Session): User | null {
    return session.userToken ? accounts.getUserBySessionToken(session.userToken) : null;
  }
}
