-- A CEE's availability: weekdays ("1|2|4", Monday = 1), a monthly cap of
-- solicitations (0: no cap), unavailable periods ("2027-02-01/2027-02-14|…").

ALTER TABLE conseillers ADD COLUMN jours TEXT NOT NULL DEFAULT '';
ALTER TABLE conseillers ADD COLUMN max_sollicitations INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conseillers ADD COLUMN indisponibilites TEXT NOT NULL DEFAULT '';
