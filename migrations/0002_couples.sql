-- A couple links two accounts. Leaving ends the couple for both; its rows stay so that
-- shared history keeps its owner, but no membership of an ended couple grants access.
CREATE TABLE couples (
  id TEXT PRIMARY KEY,
  time_zone TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  ended_at BIGINT
);

CREATE TABLE couple_members (
  couple_id TEXT NOT NULL REFERENCES couples(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  joined_at BIGINT NOT NULL,
  left_at BIGINT,
  PRIMARY KEY (couple_id, user_id)
);
-- Nobody is in two couples at once.
CREATE UNIQUE INDEX couple_members_active ON couple_members(user_id) WHERE left_at IS NULL;

CREATE TABLE couple_invites (
  code TEXT PRIMARY KEY,
  inviter_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  used_by TEXT
);
CREATE INDEX couple_invites_inviter ON couple_invites(inviter_id);
