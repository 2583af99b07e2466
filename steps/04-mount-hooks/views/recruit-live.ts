/**
 * The recruitment page: for visitors who are not agents yet. An agent who
 * lands here is sent home, on the dead render and on the socket alike.
 */
import { assignNew, defineLiveView, html, redirect, type Session } from "#live";
import type { Accounts } from "../accounts/accounts.ts";
import type { User } from "../accounts/user.ts";

type RecruitState = { currentUser: User | null };

export function recruitView(accounts: Accounts) {
  return defineLiveView<RecruitState>({
    name: "recruit",
    title: () => "Join the agency",

    mount(_params, session, socket) {
      // EXERCISE: this guest-only guard belongs in redirectIfUserIsAuthenticated (auth/user-live-auth.ts).
      assignNew(socket, "currentUser", () => (session.userToken ? accounts.getUserBySessionToken(session.userToken) : null));
      if (socket.assigns.currentUser) redirect(socket, "/");
    },

    render: () => html`
      <h1>Join the agency</h1>
      <p>Agents get a mission and a briefing, each loaded for them once per visit.</p>
      <p><a href="/users/register">Register</a> or <a href="/users/log-in">log in</a>.</p>
    `,
  });
}
