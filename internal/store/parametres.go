package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"cee/internal/model"
)

// GetParametres returns an académie's settings, or the defaults when the
// pilote has not saved any.
func (s *Store) GetParametres(ctx context.Context, academie string) (_ model.Parametres, err error) {
	defer wrap(&err, "GetParametres %s", academie)
	p := model.ParametresParDefaut(academie)
	var collectif sql.NullTime
	var poids, sans string
	err = s.q.QueryRowContext(ctx, `SELECT duree_mandat_mois, renouvellement_collectif, duree_convention_mois,
			validation_demandes, demandeur_sollicite, delai_reponse_jours, poids, sans_convention
		FROM parametres_academie WHERE academie = $1`, academie).Scan(&p.Mandat.DureeMois, &collectif, &p.DureeConventionMois,
		&p.ValidationDemandes, &p.DemandeurSollicite, &p.DelaiReponseJours, &poids, &sans)
	if sans != "" {
		p.SansConvention = model.SansConvention(sans)
	}
	if poids != "" {
		p.Poids = []byte(poids)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	p.Mandat.RenouvellementCollectif = timePtr(collectif)
	return p, err
}

// SaveParametres writes an académie's settings.
func (s *Store) SaveParametres(ctx context.Context, p model.Parametres) (err error) {
	defer wrap(&err, "SaveParametres")
	_, err = s.q.ExecContext(ctx, `INSERT INTO parametres_academie (academie, duree_mandat_mois, renouvellement_collectif,
			duree_convention_mois, validation_demandes, demandeur_sollicite, delai_reponse_jours, poids, updated_at, sans_convention)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (academie) DO UPDATE SET duree_mandat_mois = excluded.duree_mandat_mois,
			renouvellement_collectif = excluded.renouvellement_collectif, duree_convention_mois = excluded.duree_convention_mois,
			validation_demandes = excluded.validation_demandes, demandeur_sollicite = excluded.demandeur_sollicite,
			delai_reponse_jours = excluded.delai_reponse_jours, poids = excluded.poids, updated_at = excluded.updated_at,
			sans_convention = excluded.sans_convention`,
		p.Academie, p.Mandat.DureeMois, utcPtr(p.Mandat.RenouvellementCollectif), p.DureeConventionMois,
		p.ValidationDemandes, p.DemandeurSollicite, p.DelaiReponseJours, string(p.Poids), utc(time.Now()), string(sansConvention(p.SansConvention)))
	return err
}

// sansConvention is the setting to store: the default when none is set.
func sansConvention(v model.SansConvention) model.SansConvention {
	if v == "" {
		return model.SansConventionAvertir
	}
	return v
}
