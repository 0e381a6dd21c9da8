-- Self-care: each person's own log of activities and their journal. Nothing here
-- belongs to a couple: a log entry is its author's alone, and a journal entry is shown to
-- the partner only while it is shared with the couple the author is in
-- (shared_couple_id); an entry shared with an earlier couple is shown to nobody.
-- Labels, notes, titles and bodies are sealed at rest (an empty label or note is sealed
-- too, so a dump does not tell which entries have one). `day` counts days since 1970 in
-- the person's time zone.
CREATE TABLE selfcare_entries (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  minutes INTEGER NOT NULL,
  mood INTEGER NOT NULL,
  energy INTEGER NOT NULL,
  note TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX selfcare_entries_user_day ON selfcare_entries(user_id, day, id);

CREATE TABLE journal_entries (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  shared_couple_id TEXT REFERENCES couples(id) ON DELETE SET NULL,
  shared_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX journal_entries_user ON journal_entries(user_id, id);
CREATE INDEX journal_entries_shared ON journal_entries(shared_couple_id, user_id, id) WHERE shared_couple_id IS NOT NULL;
