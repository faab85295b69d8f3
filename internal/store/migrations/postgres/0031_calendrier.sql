-- A person's calendar feed (issue 18): the secret of its address
-- /calendrier/{jeton}.ics, empty until they ask for one. Kept as is, not
-- hashed: the account page shows the address again, as calendar services
-- do; « Renouveler le lien » replaces it, and the old address stops.
ALTER TABLE comptes ADD COLUMN calendrier_jeton TEXT NOT NULL DEFAULT '';
CREATE INDEX comptes_calendrier ON comptes (calendrier_jeton);
