-- E-mail: verified addresses, sign-ups waiting for their link, single-use tokens and
-- the new-sign-in notice. One dialect for SQLite and PostgreSQL, like every migration.
--   email_verified_at  when the person proved the address is theirs (a sign-up link, a
--                      verification link or a password reset); NULL for accounts made
--                      before e-mail verification existed, until they confirm
--   sign_in_notice     e-mail the person when someone signs in to their account (1: on)
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
ALTER TABLE users ADD COLUMN sign_in_notice INTEGER NOT NULL DEFAULT 1;

-- A sign-up waits here, with the password hash it was made with, until the link sent to
-- the address is used; only then is the account made (from this row, so the password is
-- the one typed by whoever controls the mailbox). Rows are deleted when used, when the
-- address gets an account, and after expires_at by the hourly purge.
CREATE TABLE signups (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  display_name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  language TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX signups_email ON signups(email);
CREATE INDEX signups_expires ON signups(expires_at);

-- Single-use tokens for an account: 'verify' (confirm the address) and 'reset' (choose a
-- new password). Stored only as the SHA-256 of the token; deleted when used.
CREATE TABLE account_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX account_tokens_user ON account_tokens(user_id);
CREATE INDEX account_tokens_expires ON account_tokens(expires_at);
