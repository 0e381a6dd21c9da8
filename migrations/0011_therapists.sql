-- Care, part 1: the second factor, therapists and their verification, and the audit log.

-- A second factor (TOTP). The secret is sealed at rest ("second_factors:USER:secret").
-- It counts once confirmed with a code; last_step is the last time step accepted, so
-- that a code is never accepted twice.
CREATE TABLE second_factors (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  secret TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  confirmed_at BIGINT,
  last_step BIGINT NOT NULL DEFAULT 0
);

-- Recovery codes, each kept as its SHA-256 only and usable once.
CREATE TABLE recovery_codes (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (user_id, code_hash)
);

-- The step between a right password and a session for an account with a second factor:
-- kept as the SHA-256 of its token, for a few minutes and a few attempts. The password
-- hash it was made with must still be the account's when the code is checked.
CREATE TABLE sign_in_challenges (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sign_in_challenges_user ON sign_in_challenges(user_id);

-- A sign-up may be a therapist's: the account gets the therapist role when it is made.
ALTER TABLE signups ADD COLUMN role TEXT;

-- A therapist's profile, one per therapist account. status: draft (being written),
-- submitted (waiting for an operator), approved, refused, suspended. Only an approved
-- profile with a licence verification that has not expired is matchable. Lists (the
-- jurisdictions, languages, ...) are rows of their own so that they can be indexed.
-- fee is in minor units of the deployment's currency. Days are 'YYYY-MM-DD'.
CREATE TABLE therapists (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  full_name TEXT NOT NULL,
  credential TEXT NOT NULL,
  licence_number TEXT NOT NULL,
  licensing_body TEXT NOT NULL,
  gender TEXT NOT NULL,
  bio TEXT NOT NULL,
  fee INTEGER NOT NULL,
  session_minutes INTEGER NOT NULL,
  capacity INTEGER NOT NULL,
  time_zone TEXT NOT NULL,
  cancel_hours INTEGER NOT NULL,
  reschedule_hours INTEGER NOT NULL,
  photo TEXT,
  photo_type TEXT,
  decision_reason TEXT NOT NULL DEFAULT '',
  verified_until TEXT,
  submitted_at BIGINT,
  decided_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX therapists_status ON therapists(status);

-- Where a therapist is licensed: a country (ISO 3166-1 alpha-2) and a region within it
-- (ISO 3166-2, such as US-CA), or '' for a licence valid in the whole country.
CREATE TABLE therapist_jurisdictions (
  therapist_id TEXT NOT NULL REFERENCES therapists(user_id) ON DELETE CASCADE,
  country TEXT NOT NULL,
  region TEXT NOT NULL,
  PRIMARY KEY (therapist_id, country, region)
);
CREATE INDEX therapist_jurisdictions_place ON therapist_jurisdictions(country, region, therapist_id);

-- The therapist's languages, modalities, specialties and approaches: kind is one of
-- 'language', 'modality', 'specialty', 'approach'.
CREATE TABLE therapist_tags (
  therapist_id TEXT NOT NULL REFERENCES therapists(user_id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (therapist_id, kind, value)
);
CREATE INDEX therapist_tags_value ON therapist_tags(kind, value, therapist_id);

-- Weekly hours in the therapist's own time zone: weekday 1 (Monday) to 7, minutes from
-- midnight, start < end.
CREATE TABLE therapist_hours (
  therapist_id TEXT NOT NULL REFERENCES therapists(user_id) ON DELETE CASCADE,
  weekday INTEGER NOT NULL,
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL,
  PRIMARY KEY (therapist_id, weekday, start_minute)
);

-- Days the therapist does not work, in their own time zone.
CREATE TABLE therapist_days_off (
  therapist_id TEXT NOT NULL REFERENCES therapists(user_id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  PRIMARY KEY (therapist_id, day)
);

-- How an operator verified a licence. Kept after a profile changes: the history of
-- verification is part of the audit.
CREATE TABLE licence_verifications (
  id TEXT PRIMARY KEY,
  therapist_id TEXT NOT NULL REFERENCES therapists(user_id) ON DELETE CASCADE,
  operator_id TEXT,
  licensing_body TEXT NOT NULL,
  verified_on TEXT NOT NULL,
  reference TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE INDEX licence_verifications_therapist ON licence_verifications(therapist_id, recorded_at);

-- The audit log: append-only, one row per audited action, each row holding the SHA-256
-- of the row before it (hash) so that a removed or edited row is detected. The actor is
-- kept as an id, not a reference: the log outlives the accounts it names.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  detail TEXT NOT NULL,
  request_id TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id, seq);

-- A couple's care with a therapist: requested by either partner, then accepted or
-- declined by the therapist; ended by either side. A couple has at most one care
-- relationship requested or accepted at a time. A therapist's active couples (the
-- accepted ones) count against their capacity.
CREATE TABLE care_relationships (
  id TEXT PRIMARY KEY,
  couple_id TEXT NOT NULL REFERENCES couples(id) ON DELETE CASCADE,
  therapist_id TEXT NOT NULL REFERENCES therapists(user_id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  requested_by TEXT,
  created_at BIGINT NOT NULL,
  decided_at BIGINT,
  ended_at BIGINT
);
CREATE UNIQUE INDEX care_relationships_one_open ON care_relationships(couple_id)
  WHERE status IN ('requested', 'accepted');
CREATE INDEX care_relationships_therapist ON care_relationships(therapist_id, status);
