-- The professional status of the wider network's professionals (employeur,
-- salarié, artisan, autre: the CEE's list), for the colleges of exam juries
-- (D.337-23, D.337-93, D.643-31). Empty: unknown, the rows before this
-- migration; model.CollegeOf decides what unknown counts as.

ALTER TABLE professionnels ADD COLUMN statut_pro TEXT NOT NULL DEFAULT '';
