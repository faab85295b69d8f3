-- An arrêté number names one act of the académie (issue 15, « Bad input »):
-- the database refuses a second arrêté with the same number, even when two
-- pilotes pronounce at the same moment. A collective arrêté is one line here
-- for all the mandates it pronounced (mandats.numero_arrete).
CREATE TABLE arretes (
    academie    TEXT NOT NULL,
    numero      TEXT NOT NULL,
    date_arrete TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (academie, numero)
);

-- The arrêtés already pronounced.
INSERT INTO arretes (academie, numero, date_arrete, created_at)
    SELECT academie, numero_arrete, MIN(date_arrete), MIN(created_at) FROM mandats GROUP BY academie, numero_arrete;
