-- Roles besides being a person (every account is one): 'therapist' and 'operator'.
-- Granted by an operator (the first with `rekindle admin grant-operator EMAIL`).
CREATE TABLE user_roles (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  granted_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, role)
);

-- At most one guided conversation in progress per couple, enforced by the database so
-- that two partners starting one at the same moment cannot both succeed. Any second
-- active conversation left by the earlier check-then-insert race is finished first.
UPDATE conversations SET status = 'finished', finished_at = started_at
WHERE status = 'active' AND EXISTS (
  SELECT 1 FROM conversations newer
  WHERE newer.couple_id = conversations.couple_id AND newer.status = 'active'
    AND (newer.started_at > conversations.started_at
         OR (newer.started_at = conversations.started_at AND newer.id > conversations.id)));
CREATE UNIQUE INDEX conversations_one_active ON conversations(couple_id) WHERE status = 'active';
