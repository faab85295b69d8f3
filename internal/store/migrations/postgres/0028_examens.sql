-- Exam division's settings per académie (issue 17): the expenses procedure
-- printed in every convocation (« ordre de mission ») and the layout of the
-- composition export (columns in order, comma separated; empty: the
-- default layout of model.ColonnesExportParDefaut).
CREATE TABLE parametres_jurys (
    academie        TEXT PRIMARY KEY,
    frais           TEXT NOT NULL DEFAULT '',
    colonnes_export TEXT NOT NULL DEFAULT '',
    updated_at      TIMESTAMPTZ NOT NULL
);

-- The exam specialities a professional of the wider network can examine:
-- a session's availability campaign reaches only those with one of its
-- juries' specialities (codes CFD, "|" separated, as conseillers.specialites).
ALTER TABLE professionnels ADD COLUMN specialites TEXT NOT NULL DEFAULT '';
