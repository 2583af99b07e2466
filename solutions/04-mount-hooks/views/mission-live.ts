/**
 * The top-secret mission. Its live session's requireAuthenticated hook
 * establishes and guards the agent before this mount runs, on every mount:
 * the dead render, the socket join and a live navigation from the briefing.
 */
import { assign, defineLiveView, html } from "#live";
import type { User } from "../accounts/user.ts";

type MissionState = { currentUser: User | null; accepted: boolean };

export function missionView() {
  return defineLiveView<MissionState>({
    name: "mission",
    title: () => "Mission",

    mount(_params, _session, socket) {
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
}
