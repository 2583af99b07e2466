-- Session tokens are replaced after a week of use (auth/__schema_kebab__-auth.ts); these columns let the
-- replacement keep what belongs to the log-in, not to the token. A migration of its own, so a database
-- that already has 0002 gets them too.
-- authenticated_at: when the log-in happened (the session ends 14 days later).
-- login_hash: the token_hash the log-in began with (the name of its live sockets).
ALTER TABLE __table___tokens ADD COLUMN authenticated_at INTEGER;
ALTER TABLE __table___tokens ADD COLUMN login_hash TEXT;
