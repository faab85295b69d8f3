-- Units of work (issue 19 item 1): a request, an action and an event may be
-- attached to a campus des métiers et des qualifications, a pôle de stage or
-- a lycée des métiers (a unit of the campus table whose kind is
-- lycee_metiers, with its one member school: no table of its own, since it
-- has the same members, animators, page and figures as the other units).
-- A CEE's engagement is their accepted solicitation on a request of the
-- unit: no column of its own either. The indexes are partial: most records
-- belong to no unit, and a unit's page and the bilan read only theirs.

ALTER TABLE demandes ADD COLUMN campus_id BIGINT REFERENCES campus (id) ON DELETE SET NULL;
ALTER TABLE interventions ADD COLUMN campus_id BIGINT REFERENCES campus (id) ON DELETE SET NULL;
ALTER TABLE evenements ADD COLUMN campus_id BIGINT REFERENCES campus (id) ON DELETE SET NULL;

CREATE INDEX demandes_campus ON demandes (campus_id) WHERE campus_id IS NOT NULL;
CREATE INDEX interventions_campus ON interventions (campus_id, date_action) WHERE campus_id IS NOT NULL;
CREATE INDEX evenements_campus ON evenements (campus_id, debut) WHERE campus_id IS NOT NULL;
