-- The mapping a person chose for the columns of an import file (issue 15,
-- item 8): per académie and kind of import (« conseillers », and later the
-- exam juries' file), the normalised header → the field it feeds, or '' for a
-- column chosen to be ignored. Applied before any guess on the next file.
CREATE TABLE correspondances_import (
    academie    TEXT NOT NULL,
    type_import TEXT NOT NULL,
    entete      TEXT NOT NULL,
    champ       TEXT NOT NULL DEFAULT '',
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (academie, type_import, entete)
);
