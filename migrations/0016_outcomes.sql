-- Outcomes: each partner's answers to the outcome measure (content/instruments, purpose
-- "outcome") while in care. One answer per person for each slot: the booked session it
-- comes before, or a day between sessions ('day:' and the day number), so answering
-- again before the same session replaces the answer.
CREATE TABLE outcome_answers (
  id TEXT PRIMARY KEY,
  relationship_id TEXT NOT NULL REFERENCES care_relationships(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  slot TEXT NOT NULL,
  booking_id TEXT REFERENCES bookings(id) ON DELETE SET NULL,
  instrument TEXT NOT NULL,
  instrument_version INTEGER NOT NULL,
  -- sealed JSON {"answers": {...}, "scores": {...}}
  result TEXT NOT NULL,
  taken_at BIGINT NOT NULL,
  UNIQUE (relationship_id, user_id, slot)
);
CREATE INDEX outcome_answers_user ON outcome_answers(user_id, taken_at);
