-- Together time: a couple's plans (recurring or one-off), changes to single occurrences,
-- the timer of an evening, each partner's reflection afterwards, the couple's weekly goal,
-- each person's reminders and calendar feed.
--
-- A plan's times are wall-clock times in the plan's own zone (start_local
-- "YYYY-MM-DDTHH:MM", rrule an RFC 5545 RRULE value, '' for a one-off), so an evening at
-- 21:30 stays at 21:30 across DST changes. An occurrence is named by its original local
-- start for ever (the `occurrence` columns), also after it is moved.
--   status  proposed: waiting for the other partner; active: agreed; ended: replaced by
--           a newer plan or stopped (its past occurrences stay, for reflections and the
--           streak); declined / withdrawn: never agreed.
CREATE TABLE plans (
  id TEXT PRIMARY KEY,
  couple_id TEXT NOT NULL REFERENCES couples(id) ON DELETE CASCADE,
  rrule TEXT NOT NULL,
  start_local TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL,
  status TEXT NOT NULL,
  proposed_by TEXT NOT NULL,
  replaces TEXT,
  created_at BIGINT NOT NULL,
  decided_at BIGINT,
  ended_at BIGINT
);
CREATE INDEX plans_couple ON plans(couple_id, status);
CREATE INDEX plans_active ON plans(status);
-- At most one proposal waits per couple (two at once: the second is refused).
CREATE UNIQUE INDEX plans_one_proposal ON plans(couple_id) WHERE status = 'proposed';

-- One occurrence skipped, or moved (to another local start, perhaps another length).
CREATE TABLE plan_overrides (
  plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  occurrence TEXT NOT NULL,
  skipped INTEGER NOT NULL,
  moved_to TEXT,
  duration_minutes INTEGER,
  changed_by TEXT NOT NULL,
  changed_at BIGINT NOT NULL,
  PRIMARY KEY (plan_id, occurrence)
);

-- The timer of one occurrence: started ("we're starting") and finished ("we did it").
CREATE TABLE together_sessions (
  plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  occurrence TEXT NOT NULL,
  started_by TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  PRIMARY KEY (plan_id, occurrence)
);

-- Each partner's private reflection on one occurrence. note is sealed at rest and shown
-- to the partner only while note_shared is 1.
CREATE TABLE reflections (
  plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  occurrence TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  happened INTEGER NOT NULL,
  closeness INTEGER,
  note TEXT NOT NULL,
  note_shared INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (plan_id, occurrence, user_id)
);

-- How many evenings a week make a good week, chosen by the couple.
CREATE TABLE together_goals (
  couple_id TEXT PRIMARY KEY REFERENCES couples(id) ON DELETE CASCADE,
  per_week INTEGER NOT NULL,
  changed_at BIGINT NOT NULL
);

-- A person's e-mail reminders: lead_minutes before each occurrence of their couple's
-- plans. unsubscribe is a sealed random token carried in each reminder's one-click link.
CREATE TABLE reminder_settings (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  lead_minutes INTEGER NOT NULL,
  unsubscribe_hash TEXT NOT NULL UNIQUE,
  unsubscribe TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- A person's private calendar feed: only the SHA-256 of the secret in its URL is kept.
-- title is what every event is called in the feed ("Evening time" unless changed).
CREATE TABLE calendar_feeds (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  secret_hash TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
