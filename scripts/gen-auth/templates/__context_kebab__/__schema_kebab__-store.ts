/**
 * Every SQL statement of the __context__ context, in one place. Each one is
 * prepared once with `?` or `@name` parameters: values are bound, never
 * spliced into the SQL text, so no email or token can change a query.
 */
import type { Db } from "../database.ts";
import type { TokenContext } from "./__schema_kebab__-token.ts";
import type { __Schema__Row } from "./__schema_kebab__.ts";

export type __Schema__Store = ReturnType<typeof create__Schema__Store>;

export type NewToken = { __schema__Id: number; hash: string; context: TokenContext; sentTo: string | null; now: number };
/** A session token also names its log-in: when it happened, and the token hash it began with. */
export type NewSessionToken = NewToken & { authenticatedAt: number; loginHash: string };

// with --devices
/** A token row joined to its __schema_human__: what a token lookup returns. */
export type TokenMatch = {
  __schema__: __Schema__Row;
  sentTo: string | null;
  issuedAt: number;
  authenticatedAt: number | null;
  loginHash: string | null;
  lastUsedAt: number | null;
};
type TokenRow = __Schema__Row & {
  sent_to: string | null;
  issued_at: number;
  authenticated_at: number | null;
  login_hash: string | null;
  last_used_at: number | null;
};
/** A session token as the devices list shows it (times in ms). */
export type SessionTokenRow = { id: number; token_hash: string; logged_in_at: number; last_used_at: number };
// without --devices
/** A token row joined to its __schema_human__: what a token lookup returns. */
export type TokenMatch = {
  __schema__: __Schema__Row;
  sentTo: string | null;
  issuedAt: number;
  authenticatedAt: number | null;
  loginHash: string | null;
};
type TokenRow = __Schema__Row & { sent_to: string | null; issued_at: number; authenticated_at: number | null; login_hash: string | null };
// end --devices

export function create__Schema__Store(db: Db) {
  const sql = prepareStatements(db);
  return {
    // with --magic-link
    insert__Schema__: (email: string, hashedPassword: string | null, now: number) =>
    // without --magic-link
    insert__Schema__: (email: string, hashedPassword: string, now: number) =>
    // end --magic-link
      sql.insert__Schema__.get({ email, hashedPassword, now }) as __Schema__Row,
    find__Schema__ById: (id: number) => sql.find__Schema__ById.get(id) as __Schema__Row | undefined,
    find__Schema__ByEmail: (email: string) => sql.find__Schema__ByEmail.get(email) as __Schema__Row | undefined,
    updateEmail: (id: number, email: string, now: number) => sql.updateEmail.get({ id, email, now }) as __Schema__Row,
    updatePassword: (id: number, hashedPassword: string) => void sql.updatePassword.run({ id, hashedPassword }),
    confirm: (id: number, now: number) => sql.confirm.get({ id, now }) as __Schema__Row,
    insertToken: (token: NewToken | NewSessionToken) => void sql.insertToken.run({ authenticatedAt: null, loginHash: null, ...token }),
    /** The __schema_human__ holding a token of this context whose lifetime began after `validAfter` (ms). */
    find__Schema__ByToken(hash: string, context: TokenContext, validAfter: number): TokenMatch | null {
      const row = sql.find__Schema__ByToken.get({ hash, context, validAfter }) as TokenRow | undefined;
      if (!row) return null;
      // with --devices
      const { sent_to, issued_at, authenticated_at, login_hash, last_used_at, ...__schema__ } = row;
      const login = { authenticatedAt: authenticated_at, loginHash: login_hash, lastUsedAt: last_used_at };
      return { __schema__, sentTo: sent_to, issuedAt: issued_at, ...login };
      // without --devices
      const { sent_to, issued_at, authenticated_at, login_hash, ...__schema__ } = row;
      return { __schema__, sentTo: sent_to, issuedAt: issued_at, authenticatedAt: authenticated_at, loginHash: login_hash };
      // end --devices
    },
    deleteToken: (hash: string, context: TokenContext) => void sql.deleteToken.run({ hash, context }),
    deleteTokensOfContext: (__schema__Id: number, context: TokenContext) => void sql.deleteTokensOfContext.run({ __schema__Id, context }),
    /** Deletes every token of the __schema_human__; returns the login hashes of the sessions among them. */
    deleteAllTokens: (__schema__Id: number) =>
      (sql.deleteAllTokens.all({ __schema__Id }) as (string | null)[]).filter((hash) => hash !== null),
    // with --devices
    touchSessionToken: (hash: string, now: number) => void sql.touchSessionToken.run({ hash, now }),
    listSessionTokens: (__schema__Id: number, validAfter: number) =>
      sql.listSessionTokens.all({ __schema__Id, validAfter }) as SessionTokenRow[],
    /** Deletes one session token of this __schema_human__ by row id; returns its login hash, or undefined if there was none. */
    deleteSessionTokenById: (__schema__Id: number, id: number) =>
      sql.deleteSessionTokenById.get({ __schema__Id, id }) as string | undefined,
    /** Deletes every session token of the __schema_human__ but the one with this hash; returns their login hashes. */
    deleteOtherSessionTokens: (__schema__Id: number, keepHash: string) =>
      sql.deleteOtherSessionTokens.all({ __schema__Id, keepHash }) as string[],
    // end --devices
    transaction: <T>(work: () => T): T => db.transaction(work)(),
  };
}

function prepareStatements(db: Db) {
  return {
    insert__Schema__: db.prepare(
      "INSERT INTO __table__ (email, hashed_password, created_at) VALUES (@email, @hashedPassword, @now) RETURNING *",
    ),
    find__Schema__ById: db.prepare("SELECT * FROM __table__ WHERE id = ?"),
    find__Schema__ByEmail: db.prepare("SELECT * FROM __table__ WHERE email = ?"),
    updateEmail: db.prepare("UPDATE __table__ SET email = @email, confirmed_at = @now WHERE id = @id RETURNING *"),
    updatePassword: db.prepare("UPDATE __table__ SET hashed_password = @hashedPassword WHERE id = @id"),
    confirm: db.prepare("UPDATE __table__ SET confirmed_at = @now WHERE id = @id RETURNING *"),
    insertToken: db.prepare(
      `INSERT INTO __table___tokens (__schema_snake___id, token_hash, context, sent_to, created_at, authenticated_at, login_hash)
       VALUES (@__schema__Id, @hash, @context, @sentTo, @now, @authenticatedAt, @loginHash)`,
    ),
    // with --devices
    find__Schema__ByToken: db.prepare(
      `SELECT u.*, t.sent_to, t.created_at AS issued_at, t.authenticated_at, t.login_hash, t.last_used_at
       FROM __table___tokens t JOIN __table__ u ON u.id = t.__schema_snake___id
       WHERE t.token_hash = @hash AND t.context = @context AND coalesce(t.authenticated_at, t.created_at) > @validAfter`,
    ),
    // without --devices
    find__Schema__ByToken: db.prepare(
      `SELECT u.*, t.sent_to, t.created_at AS issued_at, t.authenticated_at, t.login_hash
       FROM __table___tokens t JOIN __table__ u ON u.id = t.__schema_snake___id
       WHERE t.token_hash = @hash AND t.context = @context AND coalesce(t.authenticated_at, t.created_at) > @validAfter`,
    ),
    // end --devices
    deleteToken: db.prepare("DELETE FROM __table___tokens WHERE token_hash = @hash AND context = @context"),
    deleteTokensOfContext: db.prepare("DELETE FROM __table___tokens WHERE __schema_snake___id = @__schema__Id AND context = @context"),
    deleteAllTokens: db
      .prepare(
        `DELETE FROM __table___tokens WHERE __schema_snake___id = @__schema__Id
         RETURNING CASE context WHEN 'session' THEN coalesce(login_hash, token_hash) END AS login_hash`,
      )
      .pluck(),
    // with --devices
    touchSessionToken: db.prepare("UPDATE __table___tokens SET last_used_at = @now WHERE token_hash = @hash AND context = 'session'"),
    // A reissued token was issued on use, so its created_at is a use too.
    listSessionTokens: db.prepare(
      `SELECT id, token_hash, coalesce(authenticated_at, created_at) AS logged_in_at, coalesce(last_used_at, created_at) AS last_used_at
       FROM __table___tokens WHERE __schema_snake___id = @__schema__Id AND context = 'session'
       AND coalesce(authenticated_at, created_at) > @validAfter ORDER BY last_used_at DESC, id DESC`,
    ),
    deleteSessionTokenById: db
      .prepare(
        `DELETE FROM __table___tokens WHERE id = @id AND __schema_snake___id = @__schema__Id AND context = 'session'
         RETURNING coalesce(login_hash, token_hash)`,
      )
      .pluck(),
    deleteOtherSessionTokens: db
      .prepare(
        `DELETE FROM __table___tokens WHERE __schema_snake___id = @__schema__Id AND context = 'session' AND token_hash <> @keepHash
         RETURNING coalesce(login_hash, token_hash)`,
      )
      .pluck(),
    // end --devices
  };
}

/** True for the error SQLite raises when a UNIQUE index refuses a row (a taken email). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "SQLITE_CONSTRAINT_UNIQUE";
}
