package workflow

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"cee/internal/auth"
	"cee/internal/export"
	"cee/internal/model"
	"cee/internal/store"
)

// RenouvelerCalendrier gives the person a new secret address for their
// calendar feed and returns its secret: the previous address stops.
func RenouvelerCalendrier(ctx context.Context, s *store.Store, compteID int64) (string, error) {
	raw, _, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	return raw, s.SetCalendrierJeton(ctx, compteID, raw)
}

// joursCalendrier is how far back the feed goes: a calendar keeps what it
// already read, the feed need not repeat last year.
const joursCalendrier = 31

// AgendaConseiller is a CEE's calendar feed (webcal): the actions they accepted
// (one event per half-day retained, the first day of a period), the
// half-days of the juries they are convoked to, and the events they are
// registered for, from a month ago on. UIDs are stable so that a calendar
// updates an event instead of adding it twice.
func AgendaConseiller(ctx context.Context, s *store.Store, baseURL string, conseillerID int64, now time.Time) ([]export.Evenement, error) {
	since := now.AddDate(0, 0, -joursCalendrier)
	host := mailHost(baseURL)
	orga := export.Personne{Nom: "Réseau des CEE", Email: "ne-pas-repondre@" + host}
	var out []export.Evenement
	add := func(uid, titre, description, lieu, moment string, jour time.Time) error {
		debut, fin, err := export.DemiJournee(jour, moment)
		if err != nil {
			return err
		}
		if fin.Before(since) {
			return nil
		}
		out = append(out, export.Evenement{UID: uid + "@" + host, Horodatage: now, Debut: debut, Fin: fin, Titre: titre,
			Description: description, Lieu: lieu, Organisateur: orga})
		return nil
	}
	sc := model.Scope{Conseiller: strconv.FormatInt(conseillerID, 10)}
	actions, _, err := s.ListDemandes(ctx, store.DemandeFilter{Scope: sc, File: store.FileAVenir, Now: now, Limit: 500})
	if err != nil {
		return nil, err
	}
	for _, d := range actions {
		desc := d.Type.Label() + " — " + d.Etablissement + ". " + demandeURL(baseURL, d.ID)
		creneaux := d.CreneauxRetenus()
		if len(creneaux) == 0 && !d.PremierJour().IsZero() {
			creneaux = []model.Creneau{{Jour: d.PremierJour()}}
		}
		for _, c := range creneaux {
			if err := add(fmt.Sprintf("action-%d-%s", d.ID, c.String()), d.Titre, desc, d.Lieu, c.Moment, c.Jour); err != nil {
				return nil, err
			}
		}
	}
	convocations, err := s.ConvocationsOf(ctx, conseillerID, since)
	if err != nil {
		return nil, err
	}
	for _, c := range convocations {
		if c.Statut == "empeche" {
			continue
		}
		for _, h := range c.Jury.DemiJournees {
			cr, err := model.ParseCreneau(h)
			if err != nil {
				return nil, err
			}
			titre := TitreJury(c.Jury)
			if err := add(fmt.Sprintf("jury-%d-%s-c%d", c.Jury.ID, h, conseillerID), titre, c.Session+".", c.Jury.Centre, cr.Moment, cr.Jour); err != nil {
				return nil, err
			}
		}
	}
	rdv, err := s.EvenementsOf(ctx, conseillerID, since)
	if err != nil {
		return nil, err
	}
	for _, r := range rdv {
		if r.Etat != model.ParticipationInscrit {
			continue
		}
		e := r.Evenement
		lieu := e.Lieu
		if lieu == "" {
			lieu = e.LienVisio
		}
		out = append(out, export.Evenement{UID: fmt.Sprintf("evenement-%d-c%d@%s", e.ID, conseillerID, host), Horodatage: now,
			Debut: e.Debut, Fin: e.Fin, Titre: e.Titre, Description: e.Type.Label() + ". " + evenementURL(baseURL, e.ID), Lieu: lieu, Organisateur: orga})
	}
	return out, nil
}
