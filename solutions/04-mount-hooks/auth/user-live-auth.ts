/**
 * The live side of authentication: onMount hooks, the functions a live
 * session runs before every mount of its views — the dead render, the socket
 * join and every live navigation. A live navigation sends no HTTP request, so
 * fetchCurrentUser and requireAuthenticatedUser never see it: these hooks are
 * what establishes and guards the user there (phx.gen.auth's on_mount callbacks).
 */
import { assignNew, cont, halt, type OnMount } from "#live";
import type { Accounts } from "../accounts/accounts.ts";
import { LOG_IN_PATH } from "./user-auth.ts";

export type UserLiveAuth = ReturnType<typeof createUserLiveAuth>;

export function createUserLiveAuth(accounts: Accounts) {
  /**
   * Assigns currentUser: the session's user, or null. assignNew finds it
   * without a query on the dead render (res.locals), the join (the render
   * handoff) and a live navigation (carried from the view being left).
   */
  const mountCurrentUser: OnMount = (_params, session, socket) => {
    assignNew(socket, "currentUser", () => (session.userToken ? accounts.getUserBySessionToken(session.userToken) : null));
    return cont();
  };

  /** For the agent's pages: no user, no mount — back to the log-in page. */
  const requireAuthenticated: OnMount = (params, session, socket) => {
    mountCurrentUser(params, session, socket);
    if (socket.assigns.currentUser) return cont();
    return halt(socket, LOG_IN_PATH, { error: "You must log in to access this page." });
  };

  /** For guest-only pages: a logged-in user goes home instead. */
  const redirectIfUserIsAuthenticated: OnMount = (params, session, socket) => {
    mountCurrentUser(params, session, socket);
    return socket.assigns.currentUser ? halt(socket, "/") : cont();
  };

  return { mountCurrentUser, requireAuthenticated, redirectIfUserIsAuthenticated };
}
