-- Sessions with a therapist: joint (both partners) or individual (one of them).
CREATE TABLE bookings (
  id TEXT PRIMARY KEY,
  therapist_id TEXT NOT NULL REFERENCES therapists(user_id) ON DELETE CASCADE,
  relationship_id TEXT NOT NULL REFERENCES care_relationships(id) ON DELETE CASCADE,
  couple_id TEXT NOT NULL REFERENCES couples(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  -- individual: the partner it is for; joint: NULL (both)
  attendee_id TEXT REFERENCES users(id) ON DELETE CASCADE,
  booked_by TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  cancelled_at BIGINT,
  cancelled_by TEXT
);
-- No two live sessions of one therapist start together (the overlap check runs under a
-- lock on the therapist; this is the last line).
CREATE UNIQUE INDEX bookings_slot ON bookings(therapist_id, starts_at) WHERE status = 'booked';
CREATE INDEX bookings_therapist ON bookings(therapist_id, starts_at);
CREATE INDEX bookings_couple ON bookings(couple_id, starts_at);
