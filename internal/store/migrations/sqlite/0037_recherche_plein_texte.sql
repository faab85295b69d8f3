-- The directory's full-text index (issue 21): each word of a search is a
-- substring of the folded text `recherche` (store.searchText), as the
-- `LIKE '%mot%'` it replaces, but read from an index instead of every row
-- of the scope. FTS5's trigram tokenizer indexes every three characters,
-- so a phrase of three or more matches any substring, accents already
-- folded by the write path; shorter words keep the LIKE. External content:
-- the text stays in its table, the index is kept by the triggers below.

CREATE VIRTUAL TABLE conseillers_fts USING fts5(recherche, content = 'conseillers', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO conseillers_fts (conseillers_fts) VALUES ('rebuild');

CREATE TRIGGER conseillers_fts_ins AFTER INSERT ON conseillers BEGIN
    INSERT INTO conseillers_fts (rowid, recherche) VALUES (NEW.id, NEW.recherche);
END;
CREATE TRIGGER conseillers_fts_upd AFTER UPDATE OF recherche ON conseillers BEGIN
    INSERT INTO conseillers_fts (conseillers_fts, rowid, recherche) VALUES ('delete', OLD.id, OLD.recherche);
    INSERT INTO conseillers_fts (rowid, recherche) VALUES (NEW.id, NEW.recherche);
END;
CREATE TRIGGER conseillers_fts_del AFTER DELETE ON conseillers BEGIN
    INSERT INTO conseillers_fts (conseillers_fts, rowid, recherche) VALUES ('delete', OLD.id, OLD.recherche);
END;

CREATE VIRTUAL TABLE professionnels_fts USING fts5(recherche, content = 'professionnels', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO professionnels_fts (professionnels_fts) VALUES ('rebuild');

CREATE TRIGGER professionnels_fts_ins AFTER INSERT ON professionnels BEGIN
    INSERT INTO professionnels_fts (rowid, recherche) VALUES (NEW.id, NEW.recherche);
END;
CREATE TRIGGER professionnels_fts_upd AFTER UPDATE OF recherche ON professionnels BEGIN
    INSERT INTO professionnels_fts (professionnels_fts, rowid, recherche) VALUES ('delete', OLD.id, OLD.recherche);
    INSERT INTO professionnels_fts (rowid, recherche) VALUES (NEW.id, NEW.recherche);
END;
CREATE TRIGGER professionnels_fts_del AFTER DELETE ON professionnels BEGIN
    INSERT INTO professionnels_fts (professionnels_fts, rowid, recherche) VALUES ('delete', OLD.id, OLD.recherche);
END;

-- The open requests of an académie (the pilote's home and the default list:
-- three states of some 10,000 requests a year), counted from the index by
-- state instead of reading all of the académie's entries of demandes_liste.
CREATE INDEX demandes_etats ON demandes (academie, etat, (CASE WHEN premier_jour IS NULL THEN 1 ELSE 0 END), premier_jour, id, auteur_id);
