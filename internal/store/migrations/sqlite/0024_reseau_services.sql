-- A CEE's jury sittings are read per CEE (store/service.go: the attestation,
-- and whether a CEE is « inactif » on the dashboards), like their actions
-- and their events: an index from the CEE to their availability answers.
CREATE INDEX disponibilites_jury_conseiller ON disponibilites_jury (conseiller_id);
