-- The job queue serves interactive work first and keeps each person's mails
-- in order (issue 20 finding 3, issue 14 item 2), and a mail handed to the
-- server is not sent again when its job could not be marked done (finding 8).
--
-- priority: 1 interactive (login links, solicitations), 2 normal, 3 bulk
-- (announcements); claims take the lowest number first.
-- ordering_key: jobs sharing a key run one at a time in id order (the
-- recipients of a mail); NULL: no order.
-- delivered_at: set once the mail server accepted the message; a job claimed
-- again after that is completed without sending.
ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 2;
ALTER TABLE jobs ADD COLUMN ordering_key TEXT;
ALTER TABLE jobs ADD COLUMN delivered_at TIMESTAMP;
CREATE INDEX jobs_claim ON jobs (state, priority, run_at, id);
CREATE INDEX jobs_ordering ON jobs (ordering_key, id) WHERE ordering_key IS NOT NULL AND state IN ('pending', 'running');

-- An announcement's recipients are listed in the background, in batches:
-- destinataires is their number once known (NULL while being prepared).
-- annonce_envois is unique per (annonce_id, email), so a batch that runs
-- twice adds no second delivery.
ALTER TABLE annonces ADD COLUMN destinataires INTEGER;
UPDATE annonces SET destinataires = (SELECT COUNT(*) FROM annonce_envois e WHERE e.annonce_id = annonces.id);
