/**
 * The top-secret mission, now a live page. Like every live view it mounts
 * twice: over HTTP for the first render, then over the websocket. Each time,
 * it has to find out who the agent is — and a socket has no request, no
 * cookie parser and no res.locals: only the session it was given.
 */
import { assign, defineLiveView, html, redirect, type Session } from "#live";
import type { Accounts } from "../accounts/accounts.ts";
import type { User } from "../accounts/user.ts";
import { LOG_IN_PATH } from "../auth/user-auth.ts";

type MissionState = { currentUser: User | null; accepted: boolean };

export function missionView(accounts: Accounts) {
  return defineLiveView<MissionState>({
    name: "mission",
    title: () => "Mission",

    mount(_params, session, socket) {
      assign(socket, "currentUser", currentUserFrom(session));
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
      <p>Your mission, should you choose to accept it: load this agent once per page load.</p>
      ${
        accepted
          ? html`<p class="accepted">Accepted. This page will not self-destruct.</p>`
          : html`<button live-click="accept">Accept the mission</button>`
      }
    `,
  });

  /** The user whose session token this session holds, or null. */
  function currentUserFrom(session: Session): User | null {
    return session.userToken ? accounts.getUserBySessionToken(session.userToken) : null;
  }
}
