-- Care: the private safety screen, the matching questionnaire, the therapists a couple
-- passed over, and the therapist's step that opens sessions together.

-- Each partner's private safety screen, taken once per couple. `sealed` holds the answers
-- and the outcome (padded like every sealed value, so its length says nothing); nobody
-- but the person reads the answers, and the outcome reaches only the person and the
-- couple's therapist (docs/care.md).
CREATE TABLE care_screens (
  couple_id TEXT NOT NULL REFERENCES couples(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  sealed TEXT NOT NULL,
  version TEXT NOT NULL,
  taken_at BIGINT NOT NULL,
  PRIMARY KEY (couple_id, user_id)
);

-- Each partner's answers to the matching questionnaire (where they are, languages,
-- wishes), sealed.
CREATE TABLE care_questionnaires (
  couple_id TEXT NOT NULL REFERENCES couples(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  sealed TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (couple_id, user_id)
);

-- Therapists a couple asked not to be shown again ("another match").
CREATE TABLE care_passes (
  couple_id TEXT NOT NULL REFERENCES couples(id) ON DELETE CASCADE,
  therapist_id TEXT NOT NULL REFERENCES therapists(user_id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (couple_id, therapist_id)
);

-- When the therapist opened sessions together for the couple (after both screens, and
-- after speaking with a partner alone where a screen asked for that); NULL: not open.
ALTER TABLE care_relationships ADD COLUMN joint_open_at BIGINT;
ALTER TABLE care_relationships ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
