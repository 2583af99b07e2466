/**
 * The live side of authentication: onMount hooks, the functions a live
 * session runs before every mount of its views — the dead render, the socket
 * join and every live navigation. A live navigation sends no HTTP request, so
 * fetchCurrentUser and requireAuthenticatedUser never see it: these hooks are
 * what establishes and guards the user there (phx.gen.auth's on_mount callbacks).
 */
import { cont, type OnMount } from "#live";
import type { Accounts } from "../accounts/accounts.ts";

export type UserLiveAuth = ReturnType<typeof createUserLiveAuth>;

export function createUserLiveAuth(accounts: Accounts) {
  /** Assigns currentUser: the session's user, or null. */
  const mountCurrentUser: OnMount = (_params, _session, _socket) => {
    // EXERCISE: assign currentUser with assignNew, loading it with accounts.getUserBySessionToken(session.userToken) when the session has a token, else null.
    // HINT: this is the first line of the mission's mount, moved here.
    return cont();
  };

  /** For the agent's pages: no user, no mount — back to the log-in page. */
  const requireAuthenticated: OnMount = (params, session, socket) => {
    // EXERCISE: run mountCurrentUser, then halt with a redirect to LOG_IN_PATH and the error "You must log in to access this page." when there is no currentUser.
    // HINT: `return halt(socket, LOG_IN_PATH, { error: "…" })` stops the mount; `return cont()` lets it go on.
    return mountCurrentUser(params, session, socket);
  };

  /** For guest-only pages: a logged-in user goes home instead. */
  const redirectIfUserIsAuthenticated: OnMount = (params, session, socket) => {
    // EXERCISE: run mountCurrentUser, then halt with a redirect to "/" when there is a currentUser.
    return mountCurrentUser(params, session, socket);
  };

  return { mountCurrentUser, requireAuthenticated, redirectIfUserIsAuthenticated };
}
