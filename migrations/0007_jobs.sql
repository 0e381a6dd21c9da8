-- The durable job queue (src/platform/jobs). A job is written in the same transaction
-- as the change that calls for it, claimed by a worker under a lease, and marked done
-- in the same transaction as its handler's effects. See docs/architecture.md.
--   state       'pending' (waiting, or running while lease_until is in the future),
--               'done' (finished; kept for a while so its idempotency key still holds),
--               'dead' (failed max_attempts times; kept for operators to look at)
--   payload     JSON; ids and references only, never anything a person wrote
--   attempts    runs started so far (counted when a run is claimed)
--   last_error  the latest failure's error code and short message, never private data
--   lease_token who holds the current run; completion checks it
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  last_error TEXT,
  lease_until BIGINT,
  lease_token TEXT,
  idempotency_key TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- Enqueuing the same kind and key twice yields one job (INSERT ... ON CONFLICT).
CREATE UNIQUE INDEX jobs_idempotency ON jobs(kind, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- Claiming: pending jobs in due order.
CREATE INDEX jobs_due ON jobs(state, due_at);
-- Retention: finished and dead jobs by age.
CREATE INDEX jobs_updated ON jobs(state, updated_at);
