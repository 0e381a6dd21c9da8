-- The daily question, the desire map and guided conversations. Everything belongs to a
-- couple: leaving ends access for both.
-- The daily question of each couple-day is fixed once chosen; `day` counts days since
-- 1970 in the couple's time zone.
CREATE TABLE daily_questions (
  couple_id TEXT NOT NULL REFERENCES couples(id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  question_id TEXT NOT NULL,
  PRIMARY KEY (couple_id, day)
);

CREATE TABLE daily_answers (
  couple_id TEXT NOT NULL,
  day BIGINT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  answered_at BIGINT NOT NULL,
  PRIMARY KEY (couple_id, day, user_id),
  FOREIGN KEY (couple_id, day) REFERENCES daily_questions(couple_id, day) ON DELETE CASCADE
);

-- A person's private yes / maybe / no per desire-map item, within one couple.
CREATE TABLE desire_answers (
  couple_id TEXT NOT NULL REFERENCES couples(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  answer TEXT NOT NULL,
  PRIMARY KEY (couple_id, user_id, item_id)
);

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  couple_id TEXT NOT NULL REFERENCES couples(id) ON DELETE CASCADE,
  guide_id TEXT NOT NULL,
  started_by TEXT NOT NULL,
  step INTEGER NOT NULL,
  status TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX conversations_couple ON conversations(couple_id, started_at);

-- Notes: shared ones are read by both partners, private ones by their author only.
CREATE TABLE conversation_notes (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  shared INTEGER NOT NULL,
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX conversation_notes_conversation ON conversation_notes(conversation_id, created_at);
