/**
 * The recruitment page: for visitors who are not agents yet. Its live
 * session's redirectIfUserIsAuthenticated hook sends an agent home.
 */
import { defineLiveView, html } from "#live";
import type { User } from "../accounts/user.ts";

type RecruitState = { currentUser: User | null };

export function recruitView() {
  return defineLiveView<RecruitState>({
    name: "recruit",
    title: () => "Join the agency",

    mount() {},

    render: () => html`
      <h1>Join the agency</h1>
      <p>Agents get a mission and a briefing, each loaded for them once per visit.</p>
      <p><a href="/users/register">Register</a> or <a href="/users/log-in">log in</a>.</p>
    `,
  });
}
