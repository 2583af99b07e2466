/**
 * The mission briefing: a second page of the agent's live session. The live
 * link from the mission mounts it over the open socket, without an HTTP
 * request; the live session's requireAuthenticated hook has already
 * established the agent — carried over from the mission, so at no query.
 */
import { defineLiveView, html } from "#live";
import type { User } from "../accounts/user.ts";

type BriefingState = { currentUser: User | null };

export function briefingView() {
  return defineLiveView<BriefingState>({
    name: "briefing",
    title: () => "Briefing",

    mount() {},

    render: ({ currentUser }) => html`
      <h1>Mission briefing</h1>
      <p class="agent">Agent: ${currentUser?.email ?? "unknown agent"}</p>
      <p>Your contact waits on the socket you already have open. Moving between these pages asks the server for no new page.</p>
      <p><a href="/mission" data-live-link>Back to the mission</a> · <a href="/counter" data-live-link>The counter</a> (another live session: a full page load)</p>
    `,
  });
}
