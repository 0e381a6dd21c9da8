-- Care, part 2: what each partner shares with their therapist (and who read it), the
-- couple room with its threads, and the therapist's own notes.

-- A partner's consent for their therapist to see one kind of their results, for one care
-- relationship. Withdrawing deletes the row: access ends on the next request.
CREATE TABLE care_consents (
  relationship_id TEXT NOT NULL REFERENCES care_relationships(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  scope TEXT NOT NULL,
  granted_at BIGINT NOT NULL,
  PRIMARY KEY (relationship_id, user_id, scope)
);

-- Each partner's own record of their consent: granted, withdrawn, and every read of it
-- by the therapist ("who saw what, when"). Only the partner reads it; operators read the
-- hash-chained audit log instead.
CREATE TABLE care_consent_log (
  id TEXT PRIMARY KEY,
  relationship_id TEXT NOT NULL REFERENCES care_relationships(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  scope TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX care_consent_log_person ON care_consent_log(user_id, id);

-- A therapist's written policy on secrets: what they will and will not carry from a
-- private thread into the joint one. Each change is a new version that partners read and
-- acknowledge again before they write.
CREATE TABLE room_policies (
  therapist_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  version BIGINT NOT NULL,
  text TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE room_acknowledgements (
  relationship_id TEXT NOT NULL REFERENCES care_relationships(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  version BIGINT NOT NULL,
  acknowledged_at BIGINT NOT NULL,
  PRIMARY KEY (relationship_id, user_id)
);

-- Messages of a couple room. thread: 'joint' (both partners and the therapist) or a
-- partner's id (that partner and the therapist); private_to repeats the partner's id so
-- that erasing the partner erases their private thread. text is sealed.
CREATE TABLE room_messages (
  id TEXT PRIMARY KEY,
  relationship_id TEXT NOT NULL REFERENCES care_relationships(id) ON DELETE CASCADE,
  thread TEXT NOT NULL,
  private_to TEXT REFERENCES users(id) ON DELETE CASCADE,
  author_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  attachment_type TEXT,
  attachment_size BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX room_messages_thread ON room_messages(relationship_id, thread, id);

-- An attachment's bytes (sealed), one per message that carries one.
CREATE TABLE room_attachments (
  message_id TEXT PRIMARY KEY REFERENCES room_messages(id) ON DELETE CASCADE,
  data TEXT NOT NULL
);

CREATE TABLE room_reads (
  relationship_id TEXT NOT NULL REFERENCES care_relationships(id) ON DELETE CASCADE,
  thread TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  up_to TEXT NOT NULL,
  PRIMARY KEY (relationship_id, thread, user_id)
);

-- The therapist's notes on a couple: theirs alone, sealed.
CREATE TABLE therapist_notes (
  id TEXT PRIMARY KEY,
  relationship_id TEXT NOT NULL REFERENCES care_relationships(id) ON DELETE CASCADE,
  therapist_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX therapist_notes_relationship ON therapist_notes(relationship_id, id);
