-- Établissements imported from the Annuaire de l'éducation: nature of the
-- school (lycée professionnel, SEP…) and closure, kept rather than deleted.

ALTER TABLE etablissements ADD COLUMN nature TEXT NOT NULL DEFAULT '';
ALTER TABLE etablissements ADD COLUMN libelle_nature TEXT NOT NULL DEFAULT '';
ALTER TABLE etablissements ADD COLUMN ferme BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE etablissements ADD COLUMN date_fermeture TIMESTAMP;
