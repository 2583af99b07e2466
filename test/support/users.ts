/**
 * Fixtures for apps with the generated auth: register a user (which logs
 * them in), or log an existing user in, over plain HTTP like a browser.
 */
import { randomBytes } from "node:crypto";
import { HttpClient } from "./http-client.ts";
import type { RunningApp } from "./start-app.ts";

export const VALID_PASSWORD = "correct horse battery staple";

export type TestUser = { email: string; password: string };

export function uniqueEmail(prefix = "agent"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.com`;
}

/** Registers through the form; the returned client is logged in as the new user. */
export async function registerUser(running: RunningApp, email = uniqueEmail()) {
  const http = new HttpClient(running.origin);
  await http.get("/users/register");
  const reply = await http.post("/users/register", { email, password: VALID_PASSWORD });
  if (reply.status !== 302) throw new Error(`registering ${email} failed with ${reply.status}: is the auth router mounted?`);
  return { http, user: { email, password: VALID_PASSWORD } as TestUser };
}

/** A fresh client, logged in as `user`. */
export async function logInAs(running: RunningApp, user: TestUser, rememberMe = false) {
  const http = new HttpClient(running.origin);
  await http.get("/users/log-in");
  const fields = { email: user.email, password: user.password, ...(rememberMe ? { remember_me: "true" } : {}) };
  const reply = await http.post("/users/log-in", fields);
  if (reply.status !== 302) throw new Error(`logging in ${user.email} failed with ${reply.status}`);
  return http;
}
