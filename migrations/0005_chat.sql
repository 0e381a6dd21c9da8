-- The couple's private chat. Message text is sealed at rest. chat_reads keeps, per
-- person, the newest message they have read (for read receipts).
CREATE TABLE chat_messages (
  id TEXT PRIMARY KEY,
  couple_id TEXT NOT NULL REFERENCES couples(id) ON DELETE CASCADE,
  author_id TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX chat_messages_couple ON chat_messages(couple_id, id);

CREATE TABLE chat_reads (
  couple_id TEXT NOT NULL REFERENCES couples(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  up_to TEXT NOT NULL,
  PRIMARY KEY (couple_id, user_id)
);
