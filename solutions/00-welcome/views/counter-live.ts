/**
 * The live demo: a counter kept in SQLite. Its mount runs twice per page load
 * (see `mountedOver`), and each click is an event over the socket.
 */
import { assign, defineLiveView, html } from "#live";
import type { Counters } from "../counters.ts";

type CounterState = { count: number; mountedOver: "HTTP" | "the websocket" };

const COUNTER = "demo";

export function counterView(counters: Counters) {
  return defineLiveView<CounterState>({
    name: "counter",
    title: () => "Counter",

    mount(_params, _session, socket) {
      assign(socket, {
        count: counters.get(COUNTER),
        mountedOver: socket.connected ? "the websocket" : "HTTP",
      });
    },

    handleEvent: {
      inc(socket) {
        assign(socket, "count", counters.add(COUNTER, 1));
      },
      dec(socket) {
        assign(socket, "count", counters.add(COUNTER, -1));
      },
    },

    render: ({ count, mountedOver }) => html`
      <h1>Live counter</h1>
      <p class="count" data-count="${count}">${count}</p>
      <p>
        <button live-click="inc">+1</button>
        <button live-click="dec">−1</button>
      </p>
      <p class="mounted">Last mounted over ${mountedOver}.</p>
    `,
  });
}
