package store

import (
	"context"
	"database/sql"
	"encoding/json"
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
	var poids, distances, sans string
	err = s.q.QueryRowContext(ctx, `SELECT duree_mandat_mois, renouvellement_collectif, duree_convention_mois,
			validation_demandes, demandeur_sollicite, delai_reponse_jours, poids, distance_personne_km, plafond_professionnel, distances_types, sans_convention
		FROM parametres_academie WHERE academie = $1`, academie).Scan(&p.Mandat.DureeMois, &collectif, &p.DureeConventionMois,
		&p.ValidationDemandes, &p.DemandeurSollicite, &p.DelaiReponseJours, &poids, &p.DistancePersonneKm, &p.PlafondProfessionnel, &distances, &sans)
	if sans != "" {
		p.SansConvention = model.SansConvention(sans)
	}
	if poids != "" {
		p.Poids = []byte(poids)
	}
	if distances != "" && err == nil {
		if jerr := json.Unmarshal([]byte(distances), &p.DistancesTypes); jerr != nil {
			return p, jerr
		}
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
	var distances []byte
	if len(p.DistancesTypes) > 0 {
		if distances, err = json.Marshal(p.DistancesTypes); err != nil {
			return err
		}
	}
	_, err = s.q.ExecContext(ctx, `INSERT INTO parametres_academie (academie, duree_mandat_mois, renouvellement_collectif,
			duree_convention_mois, validation_demandes, demandeur_sollicite, delai_reponse_jours, poids, updated_at,
			distance_personne_km, plafond_professionnel, distances_types, sans_convention)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (academie) DO UPDATE SET duree_mandat_mois = excluded.duree_mandat_mois,
			renouvellement_collectif = excluded.renouvellement_collectif, duree_convention_mois = excluded.duree_convention_mois,
			validation_demandes = excluded.validation_demandes, demandeur_sollicite = excluded.demandeur_sollicite,
			delai_reponse_jours = excluded.delai_reponse_jours, poids = excluded.poids, updated_at = excluded.updated_at,
			distance_personne_km = excluded.distance_personne_km, plafond_professionnel = excluded.plafond_professionnel,
			distances_types = excluded.distances_types, sans_convention = excluded.sans_convention`,
		p.Academie, p.Mandat.DureeMois, utcPtr(p.Mandat.RenouvellementCollectif), p.DureeConventionMois,
		p.ValidationDemandes, p.DemandeurSollicite, p.DelaiReponseJours, string(p.Poids), utc(time.Now()),
		p.DistancePersonneKm, p.PlafondProfessionnel, string(distances), string(sansConvention(p.SansConvention)))
	return err
}

// sansConvention is the setting to store: the default when none is set.
func sansConvention(v model.SansConvention) model.SansConvention {
	if v == "" {
		return model.SansConventionAvertir
	}
	return v
}
