/**
 * The top-secret mission. Its mount establishes the agent and guards the
 * page itself — and so does every other page of the agent's live session,
 * because a live navigation between them sends no HTTP request.
 */
import { assign, assignNew, defineLiveView, html, redirect, type Session } from "#live";
import type { Accounts } from "../accounts/accounts.ts";
import type { User } from "../accounts/user.ts";
import { LOG_IN_PATH } from "../auth/user-auth.ts";

type MissionState = { currentUser: User | null; accepted: boolean };

export function missionView(accounts: Accounts) {
  return defineLiveView<MissionState>({
    name: "mission",
    title: () => "Mission",

    mount(_params, session, socket) {
      // EXERCISE: this guard is the page's own; the briefing has a copy. Move it into requireAuthenticated (auth/user-live-auth.ts), then delete both copies.
      assignNew(socket, "currentUser", () => currentUserFrom(session));
      if (!socket.assigns.currentUser) {
        redirect(socket, LOG_IN_PATH, { error: "You must log in to access this page." });
        return;
      }
      assign(socket, "accepted", false);
    },

    handleEvent: {
      accept(socket) {
        assign(socket, "accepted", true);
      },
    },

    render: ({ currentUser, accepted }) => html`
      <h1>Top secret mission</h1>
      <p class="agent">Agent: ${currentUser?.email ?? "unknown agent"}</p>
      <p>Your mission, should you choose to accept it: load this agent once per page load, and never again while you move around.</p>
      ${
        accepted
          ? html`<p class="accepted">Accepted. This page will not self-destruct.</p>`
          : html`<button live-click="accept">Accept the mission</button>`
      }
      <p><a href="/briefing" data-live-link>Read the briefing</a></p>
    `,
  });

  /** The user whose session token this session holds, or null. */
  function currentUserFrom(session: Session): User | null {
    return session.userToken ? accounts.getUserBySessionToken(session.userToken) : null;
  }
}
