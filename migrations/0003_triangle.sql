-- Triangle check (and any other instrument): one row per completed assessment, and at
-- most one draft per person. Answers and scores are JSON objects; `kind` is the kind of
-- love named when the assessment was taken (instruments with a kind rule only).
CREATE TABLE assessments (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  instrument TEXT NOT NULL,
  instrument_version INTEGER NOT NULL,
  perspective TEXT NOT NULL,
  answers TEXT NOT NULL,
  scores TEXT NOT NULL,
  kind TEXT,
  shared INTEGER NOT NULL DEFAULT 0,
  taken_at BIGINT NOT NULL
);
CREATE INDEX assessments_user ON assessments(user_id, instrument, perspective, taken_at);

CREATE TABLE assessment_drafts (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  instrument TEXT NOT NULL,
  perspective TEXT NOT NULL,
  answers TEXT NOT NULL,
  share_with_partner INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
