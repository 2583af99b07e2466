/**
 * Every SQL statement of the accounts context, in one place. Each one is
 * prepared once with `?` or `@name` parameters: values are bound, never
 * spliced into the SQL text, so no email or token can change a query.
 */
import type { Db } from "../database.ts";
import type { TokenContext } from "./user-token.ts";
import type { UserRow } from "./user.ts";

export type UserStore = ReturnType<typeof createUserStore>;

export type NewToken = { userId: number; hash: string; context: TokenContext; sentTo: string | null; now: number };
/** A session token also names its log-in: when it happened, and the token hash it began with. */
export type NewSessionToken = NewToken & { authenticatedAt: number; loginHash: string };

/** A token row joined to its user: what a token lookup returns. */
export type TokenMatch = {
  user: UserRow;
  sentTo: string | null;
  issuedAt: number;
  authenticatedAt: number | null;
  loginHash: string | null;
};
type TokenRow = UserRow & { sent_to: string | null; issued_at: number; authenticated_at: number | null; login_hash: string | null };

export function createUserStore(db: Db) {
  const sql = prepareStatements(db);
  return {
    insertUser: (email: string, hashedPassword: string, now: number) => sql.insertUser.get({ email, hashedPassword, now }) as UserRow,
    findUserById: (id: number) => sql.findUserById.get(id) as UserRow | undefined,
    findUserByEmail: (email: string) => sql.findUserByEmail.get(email) as UserRow | undefined,
    updateEmail: (id: number, email: string, now: number) => sql.updateEmail.get({ id, email, now }) as UserRow,
    updatePassword: (id: number, hashedPassword: string) => void sql.updatePassword.run({ id, hashedPassword }),
    confirm: (id: number, now: number) => sql.confirm.get({ id, now }) as UserRow,
    insertToken: (token: NewToken | NewSessionToken) => void sql.insertToken.run({ authenticatedAt: null, loginHash: null, ...token }),
    /** The user holding a token of this context whose lifetime began after `validAfter` (ms). */
    findUserByToken(hash: string, context: TokenContext, validAfter: number): TokenMatch | null {
      const row = sql.findUserByToken.get({ hash, context, validAfter }) as TokenRow | undefined;
      if (!row) return null;
      const { sent_to, issued_at, authenticated_at, login_hash, ...user } = row;
      return { user, sentTo: sent_to, issuedAt: issued_at, authenticatedAt: authenticated_at, loginHash: login_hash };
    },
    deleteToken: (hash: string, context: TokenContext) => void sql.deleteToken.run({ hash, context }),
    deleteTokensOfContext: (userId: number, context: TokenContext) => void sql.deleteTokensOfContext.run({ userId, context }),
    /** Deletes the user's session tokens but one; returns the login hashes of the sessions it ended. */
    deleteSessionTokensExcept: (userId: number, keepHash: string) =>
      (sql.deleteSessionTokensExcept.all({ userId, keepHash }) as (string | null)[]).filter((hash) => hash !== null),
    /** Deletes every token of the user; returns the login hashes of the sessions among them. */
    deleteAllTokens: (userId: number) => (sql.deleteAllTokens.all({ userId }) as (string | null)[]).filter((hash) => hash !== null),
    transaction: <T>(work: () => T): T => db.transaction(work)(),
  };
}

function prepareStatements(db: Db) {
  return {
    insertUser: db.prepare("INSERT INTO users (email, hashed_password, created_at) VALUES (@email, @hashedPassword, @now) RETURNING *"),
    findUserById: db.prepare("SELECT * FROM users WHERE id = ?"),
    findUserByEmail: db.prepare("SELECT * FROM users WHERE email = ?"),
    updateEmail: db.prepare("UPDATE users SET email = @email, confirmed_at = @now WHERE id = @id RETURNING *"),
    updatePassword: db.prepare("UPDATE users SET hashed_password = @hashedPassword WHERE id = @id"),
    confirm: db.prepare("UPDATE users SET confirmed_at = @now WHERE id = @id RETURNING *"),
    insertToken: db.prepare(
      `INSERT INTO users_tokens (user_id, token_hash, context, sent_to, created_at, authenticated_at, login_hash)
       VALUES (@userId, @hash, @context, @sentTo, @now, @authenticatedAt, @loginHash)`,
    ),
    findUserByToken: db.prepare(
      `SELECT u.*, t.sent_to, t.created_at AS issued_at, t.authenticated_at, t.login_hash
       FROM users_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = @hash AND t.context = @context AND coalesce(t.authenticated_at, t.created_at) > @validAfter`,
    ),
    deleteToken: db.prepare("DELETE FROM users_tokens WHERE token_hash = @hash AND context = @context"),
    deleteTokensOfContext: db.prepare("DELETE FROM users_tokens WHERE user_id = @userId AND context = @context"),
    deleteSessionTokensExcept: db
      .prepare(
        `DELETE FROM users_tokens WHERE user_id = @userId AND context = 'session' AND token_hash != @keepHash
         RETURNING coalesce(login_hash, token_hash)`,
      )
      .pluck(),
    deleteAllTokens: db
      .prepare(
        `DELETE FROM users_tokens WHERE user_id = @userId
         RETURNING CASE context WHEN 'session' THEN coalesce(login_hash, token_hash) END AS login_hash`,
      )
      .pluck(),
  };
}

/** True for the error SQLite raises when a UNIQUE index refuses a row (a taken email). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "SQLITE_CONSTRAINT_UNIQUE";
}
