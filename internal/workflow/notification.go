package workflow

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/store"
)

// avis is the notification of a mail: its subject, one sentence and the
// page it leads to (a path inside the service, never a link with a token).
func avis(sujet model.SujetNotification, texte, lien string) *model.Notification {
	return &model.Notification{Sujet: sujet, Texte: texte, Lien: lien}
}

// cheminDe is the path of one of the service's addresses, for a
// notification's link.
func cheminDe(adresse string) string {
	u, err := url.Parse(adresse)
	if err != nil {
		return ""
	}
	return u.Path
}

// ChoisirResume records how often the account wants the digest of their
// unread notifications (and, for a pilote, of what waits in « À traiter »).
func ChoisirResume(ctx context.Context, s *store.Store, compteID int64, f model.FrequenceResume) error {
	return s.SetResume(ctx, compteID, f)
}

// LireNotification marks one of the person's notifications read and
// returns it (its link is where the feed sends them).
func LireNotification(ctx context.Context, s *store.Store, compteID, id int64, now time.Time) (model.Notification, error) {
	var n model.Notification
	err := s.InTx(ctx, func(tx *store.Store) (err error) {
		if n, err = tx.GetNotification(ctx, compteID, id); err != nil {
			return err
		}
		_, err = tx.MarkNotificationsLues(ctx, compteID, id, now)
		return err
	})
	return n, err
}

// ToutMarquerLu marks every unread notification of the person read and
// says how many.
func ToutMarquerLu(ctx context.Context, s *store.Store, compteID int64, now time.Time) (int64, error) {
	return s.MarkNotificationsLues(ctx, compteID, 0, now)
}

// resumeMax is how many notifications a digest lists; it says how many
// more there are.
const resumeMax = 15

// Resumes mails each person whose digest is due today (every morning, or
// on Mondays) their unread notifications of the period and, for a pilote,
// what waits in « À traiter »; nothing when there is nothing. The job runs
// daily; one digest per person and day even if it runs twice.
func Resumes(ctx context.Context, s *store.Store, baseURL string, now time.Time) error {
	day := dayOf(now).Format("2006-01-02")
	comptes, err := s.ListComptesResume(ctx)
	if err != nil || len(comptes) == 0 {
		return err
	}
	aTraiter, err := aTraiterPilotes(ctx, s, now)
	if err != nil {
		return err
	}
	for _, c := range comptes {
		if !c.Resume.Du(now) {
			continue
		}
		list, total, err := s.ListNotifications(ctx, store.NotificationFilter{CompteID: c.ID, NonLues: true, Depuis: now.Add(-c.Resume.Periode()), Limit: resumeMax})
		if err != nil {
			return err
		}
		var lignes []string
		for _, n := range list {
			lignes = append(lignes, model.DateHeure(n.CreatedAt)+" — "+n.Texte)
		}
		if total > len(list) {
			lignes = append(lignes, fmt.Sprintf("… et %d autre(s) notification(s) non lue(s).", total-len(list)))
		}
		lignes = append(lignes, aTraiter[c.ID]...)
		if len(lignes) == 0 {
			continue
		}
		sujet, periode := "Ce qui vous attend aujourd'hui", "quotidien"
		if c.Resume == model.ResumeHebdomadaire {
			sujet, periode = "Votre semaine sur le réseau des CEE", "hebdomadaire"
		}
		if err := envoyerCourriel(ctx, s, courriel{modele: "demande", to: c.Email, data: mail.DemandeData{Sujet: sujet, Prenom: c.Nom,
			Lignes: lignes, URL: baseURL + "/notifications", Bouton: "Voir mes notifications",
			Raison: "Vous avez choisi un résumé " + periode + " de vos notifications (modifiable dans « Mon compte »)."},
			priorite: store.PriorityNormal, dedup: "resume-" + day + "-" + strconv.FormatInt(c.ID, 10)}); err != nil {
			return err
		}
	}
	return nil
}

// aTraiterPilotes is, for each pilote who chose a digest, the lines of
// « À traiter » of their académie.
func aTraiterPilotes(ctx context.Context, s *store.Store, now time.Time) (map[int64][]string, error) {
	out := map[int64][]string{}
	for _, a := range academiesAvecPilotes(ctx, s) {
		pilotes, err := pilotesOf(ctx, s, a)
		if err != nil {
			return nil, err
		}
		var avecResume []model.Compte
		for _, p := range pilotes {
			if p.Resume != model.ResumeAucun {
				avecResume = append(avecResume, p)
			}
		}
		if len(avecResume) == 0 {
			continue
		}
		att, err := s.AttentesPilote(ctx, a, now)
		if err != nil {
			return nil, err
		}
		for _, l := range att.Lignes() {
			for _, p := range avecResume {
				out[p.ID] = append(out[p.ID], fmt.Sprintf("À traiter : %d %s", l.N, l.Texte))
			}
		}
	}
	return out, nil
}
