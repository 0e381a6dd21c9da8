-- Video calls: who is in each booked session's call. One row per participant who has
-- opened the call; every server reads and writes the same rows, so servers sharing one
-- PostgreSQL agree on who is waiting and who is in. Nothing of the call itself (media,
-- signalling) is stored.
CREATE TABLE video_presence (
  booking_id TEXT NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- waiting (a partner, until the therapist lets them in) | admitted | left
  state TEXT NOT NULL,
  -- the last time this person opened the call (a reload or another device too): peers
  -- that see it change connect afresh
  joined_at BIGINT NOT NULL,
  admitted_at BIGINT,
  left_at BIGINT,
  PRIMARY KEY (booking_id, user_id)
);
