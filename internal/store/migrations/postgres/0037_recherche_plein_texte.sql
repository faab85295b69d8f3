-- The directory's full-text index (issue 21): each word of a search is a
-- substring of the folded text `recherche` (store.searchText), as the
-- `LIKE '%mot%'` it replaces, but read from an index instead of every row
-- of the scope. A tsvector whose lexemes are the suffixes (three
-- characters or more) of the text's space-separated words, taken as they
-- are (array_to_tsvector: no parser, no dictionary; accents are folded by
-- the write path): a word without spaces is a substring of the text exactly
-- when it is the prefix of one of these suffixes, which a GIN index answers
-- (`'mot':*`). No extension needed (pg_trgm would be installed once per
-- database, whatever the schema). Shorter words keep the LIKE. SQLite: FTS5's
-- trigram tokenizer, same results.

CREATE FUNCTION recherche_suffixes(t TEXT) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_to_tsvector(COALESCE(array_agg(substr(m, i)), '{}'))
    FROM unnest(string_to_array(t, ' ')) AS m, generate_series(1, length(m) - 2) AS i
$$;

CREATE INDEX conseillers_fts ON conseillers USING GIN (recherche_suffixes(recherche));
CREATE INDEX professionnels_fts ON professionnels USING GIN (recherche_suffixes(recherche));

-- The open requests of an académie (the pilote's home and the default list:
-- three states of some 10,000 requests a year), counted from the index by
-- state instead of reading all of the académie's entries of demandes_liste.
CREATE INDEX demandes_etats ON demandes (academie, etat, (CASE WHEN premier_jour IS NULL THEN 1 ELSE 0 END), premier_jour, id, auteur_id);
