-- The notification centre (issue 16, item 6): what happened to a person's
-- items, written in the same transaction as the change that causes it, read
-- or not. The header's counter is one count on notifications_non_lues.

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    compte_id   BIGINT NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    sujet       TEXT NOT NULL,
    texte       TEXT NOT NULL,
    lien        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    lue_le      TIMESTAMP
);
CREATE INDEX notifications_compte ON notifications (compte_id, created_at);
CREATE INDEX notifications_non_lues ON notifications (compte_id) WHERE lue_le IS NULL;

-- Every person chooses a digest of their unread notifications: none, each
-- morning or each Monday (pilotes alone had a daily one).
ALTER TABLE comptes ADD COLUMN resume TEXT NOT NULL DEFAULT '' CHECK (resume IN ('', 'quotidien', 'hebdomadaire'));
UPDATE comptes SET resume = 'quotidien' WHERE resume_quotidien;
ALTER TABLE comptes DROP COLUMN resume_quotidien;
