package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"cee/internal/auth"
	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/store"
)

// conservationLot bounds one run: a national backlog is spread over days
// rather than held in one long job.
const conservationLot = 500

// Conservation applies the retention periods (model.ConservationNationale,
// or an académie's own from its settings: the ones the public « Données
// personnelles » page shows): it anonymises the people warned a
// month ago who did nothing since, then warns those the rule now reaches.
// Each step is a transaction with its journal line. It runs daily.
func Conservation(ctx context.Context, s *store.Store, baseURL string, now time.Time) (averti, anonymise int, err error) {
	echus, err := s.AvertissementsEchus(ctx, now, conservationLot)
	if err != nil {
		return 0, 0, err
	}
	for _, a := range echus {
		done, err := echeanceConservation(ctx, s, a, now)
		if err != nil {
			return averti, anonymise, err
		}
		if done {
			anonymise++
		}
	}
	propres, err := s.ConservationsAcademies(ctx)
	if err != nil {
		return averti, anonymise, err
	}
	// The national periods for every académie but those with their own,
	// then each of those with its periods.
	lots := []struct {
		filtre store.AcademiesFiltre
		c      model.Conservation
	}{{c: model.ConservationNationale()}}
	for a, c := range propres {
		lots[0].filtre.Sauf = append(lots[0].filtre.Sauf, a)
		lots = append(lots, struct {
			filtre store.AcademiesFiltre
			c      model.Conservation
		}{store.AcademiesFiltre{Seule: a}, c})
	}
	for _, lot := range lots {
		for _, k := range []struct {
			personne string
			cutoff   time.Time
			raison   string
		}{
			{store.PersonneConseiller, lot.c.FinCEE(now),
				fmt.Sprintf("Votre dernier mandat de conseiller entreprises pour l'École a pris fin il y a plus de %d ans", lot.c.CEEAns)},
			{store.PersonneProfessionnel, lot.c.FinProfessionnel(now),
				fmt.Sprintf("Vous n'avez eu aucune activité dans le réseau école-entreprise depuis plus de %d ans", lot.c.ProfessionnelAns)},
		} {
			list, err := s.ListInactifs(ctx, k.personne, k.cutoff, lot.filtre, conservationLot)
			if err != nil {
				return averti, anonymise, err
			}
			for _, x := range list {
				if err := avertirConservation(ctx, s, baseURL, x, k.raison, now); err != nil {
					return averti, anonymise, err
				}
				averti++
			}
		}
	}
	return averti, anonymise, nil
}

func avertirConservation(ctx context.Context, s *store.Store, baseURL string, x store.Inactif, raison string, now time.Time) error {
	echeance := now.AddDate(0, model.PreavisConservationMois, 0)
	return s.InTx(ctx, func(tx *store.Store) error {
		id, err := tx.CreateAvertissement(ctx, store.Avertissement{Personne: x.Personne, PersonneID: x.ID, Academie: x.Academie, AvertiLe: now, Echeance: echeance})
		if err != nil {
			return err
		}
		data := mail.ConservationData{Raison: raison, Echeance: echeance, URL: baseURL + "/connexion"}
		if x.Personne == store.PersonneProfessionnel {
			// Most professionals have no account: the consent page, by a
			// link valid until the date, renews their consent, which keeps
			// them (store.InactifDepuis).
			tok, hash, err := auth.NewToken()
			if err != nil {
				return err
			}
			payload, _ := json.Marshal(struct{ Professionnel int64 }{x.ID})
			if err := tx.CreateJeton(ctx, store.Jeton{Hash: hash, Kind: store.JetonConsent, Payload: payload, ExpiresAt: echeance}); err != nil {
				return err
			}
			data.Accord = baseURL + "/consentement/" + tok
		}
		if err := envoyerCourriel(ctx, tx, courriel{modele: "conservation", to: x.Email, data: data, priorite: store.PriorityNormal}); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entree{Action: store.AuditEffacement, ObjetType: x.Personne, ObjetID: strconv.FormatInt(x.ID, 10),
			Academie: x.Academie, Detail: "durée de conservation atteinte : personne prévenue (avertissement n° " + strconv.FormatInt(id, 10) + "), anonymisation le " + model.Date(echeance)})
	})
}

// echeanceConservation anonymises the person of a warning come due, unless
// they acted since they were warned; it reports whether it anonymised.
func echeanceConservation(ctx context.Context, s *store.Store, a store.Avertissement, now time.Time) (bool, error) {
	var done bool
	err := s.InTx(ctx, func(tx *store.Store) error {
		inactif, err := tx.InactifDepuis(ctx, a.Personne, a.PersonneID, a.AvertiLe)
		if err != nil {
			return err
		}
		etat := "annule"
		if inactif {
			etat = "anonymise"
		}
		if ok, err := tx.CloreAvertissement(ctx, a.ID, etat, now); err != nil || !ok {
			return err
		}
		entree := store.Entree{Action: store.AuditEffacement, ObjetType: "avertissement_conservation", ObjetID: strconv.FormatInt(a.ID, 10), Academie: a.Academie}
		if !inactif {
			entree.Detail = "durée de conservation : la personne a agi depuis l'avertissement, ses données sont gardées"
			return tx.Audit(ctx, entree)
		}
		var p store.Personne
		if a.Personne == store.PersonneConseiller {
			p, err = tx.PersonneOfConseiller(ctx, a.PersonneID)
		} else {
			p, err = tx.PersonneOfProfessionnel(ctx, a.PersonneID)
		}
		if err != nil {
			return err
		}
		n, err := tx.Anonymiser(ctx, p, now)
		if err != nil {
			return err
		}
		done = true
		entree.Detail = "durée de conservation : anonymisation effectuée (" + strconv.FormatInt(n, 10) + " lignes modifiées)"
		return tx.Audit(ctx, entree)
	})
	return done, err
}
