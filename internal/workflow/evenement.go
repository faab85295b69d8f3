package workflow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"cee/internal/auth"
	"cee/internal/export"
	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/store"
)

// Errors of a registration, shown to the person.
var (
	ErrInscriptionsCloses = model.Refus("les inscriptions à cet événement sont closes")
	ErrDejaInscrit        = model.Conflit("vous êtes déjà inscrit (ou sur la liste d'attente)")
)

const raisonEvenement = "Vous recevez ce message parce que vous avez été invité à cet événement du réseau des conseillers entreprises pour l'École."

// CreerEvenement records a published event, with a journal line.
func CreerEvenement(ctx context.Context, s *store.Store, a Actor, e model.Evenement) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *store.Store) error {
		var err error
		e.AuteurID = a.Compte.ID
		if id, err = tx.CreateEvenement(ctx, e); err != nil {
			return err
		}
		return tx.Audit(ctx, a.entree(store.AuditAnimation, "evenement", id, e.Academie, "créé : "+e.Type.Label()+" « "+e.Titre+" »"))
	})
	return id, err
}

// lienEvenement is what an invitation's link says: which participation,
// and whether it registers or declines (one link, one purpose).
type lienEvenement struct {
	Participation int64
	Inscrire      bool
}

// Inviter invites the people the criteria reach (the caller bounded them to
// its territory): one participation each, and an e-mail with a link to
// register and one to decline, single-use, valid until the event starts.
// People already invited are skipped. It returns how many were invited;
// confirme is the number the person confirmed (DecompteInvitation), and
// another number now refuses with ErrDecompte.
func Inviter(ctx context.Context, s *store.Store, a Actor, baseURL string, sc model.Scope, evenementID int64, c model.Criteres, confirme int) (int, error) {
	n := 0
	err := s.InTx(ctx, func(tx *store.Store) error {
		e, list, err := nouveauxInvites(ctx, tx, sc, evenementID, c)
		if err != nil {
			return err
		}
		if err := Decompte("personnes à inviter", confirme, len(list)); err != nil {
			return err
		}
		for _, d := range list {
			id, added, err := tx.AddParticipation(ctx, model.Participation{EvenementID: e.ID, ConseillerID: d.ConseillerID,
				ProfessionnelID: d.ProfessionnelID, Nom: d.Nom, Email: d.Email})
			if err != nil {
				return err
			}
			if !added {
				continue
			}
			if err := mailInvitationEvenement(ctx, tx, baseURL, e, id, d); err != nil {
				return err
			}
			n++
		}
		return tx.Audit(ctx, a.entree(store.AuditAnimation, "evenement", e.ID, e.Academie, fmt.Sprintf("%d personne(s) invitée(s) (%s)", n, ResumeCriteres(c, nil))))
	})
	return n, err
}

// DecompteInvitation counts the people an invitation of criteria c to an
// event would mail now: those it reaches who are not invited yet.
func DecompteInvitation(ctx context.Context, s *store.Store, sc model.Scope, evenementID int64, c model.Criteres) (int, error) {
	_, list, err := nouveauxInvites(ctx, s, sc, evenementID, c)
	return len(list), err
}

// nouveauxInvites is the event, if it still takes invitations, and the
// people criteria c reach who have no participation in it yet (one per
// address, as participations are).
func nouveauxInvites(ctx context.Context, s *store.Store, sc model.Scope, evenementID int64, c model.Criteres) (model.Evenement, []model.Destinataire, error) {
	e, err := s.GetEvenement(ctx, evenementID, sc)
	if err != nil {
		return e, nil, err
	}
	if e.Etat != model.EvenementPublie || !time.Now().Before(e.Debut) {
		return e, nil, model.Conflit("l'événement est annulé ou passé : on ne peut plus inviter")
	}
	list, err := s.Destinataires(ctx, c, time.Now())
	if err != nil {
		return e, nil, err
	}
	deja, err := s.ListParticipations(ctx, e.ID)
	if err != nil {
		return e, nil, err
	}
	invites := map[string]bool{}
	for _, p := range deja {
		invites[p.Email] = true
	}
	var out []model.Destinataire
	for _, d := range list {
		if !invites[d.Email] {
			invites[d.Email] = true
			out = append(out, d)
		}
	}
	return e, out, nil
}

func mailInvitationEvenement(ctx context.Context, tx *store.Store, baseURL string, e model.Evenement, participation int64, d model.Destinataire) error {
	urls := map[bool]string{}
	for _, inscrire := range []bool{true, false} {
		tok, hash, err := auth.NewToken()
		if err != nil {
			return err
		}
		payload, _ := json.Marshal(lienEvenement{Participation: participation, Inscrire: inscrire})
		if err := tx.CreateJeton(ctx, store.Jeton{Hash: hash, Kind: store.JetonEvenement, Payload: payload, ExpiresAt: e.Debut}); err != nil {
			return err
		}
		urls[inscrire] = baseURL + "/evenement/" + tok
	}
	data := evenementData(e, "Invitation : "+e.Titre, d.Nom, raisonEvenement)
	data.Lignes = []string{"Vous êtes invité à cet événement du réseau des conseillers entreprises pour l'École."}
	if !e.InscriptionsAvant.IsZero() {
		data.Lignes = append(data.Lignes, "Inscriptions ouvertes jusqu'au "+model.DateHeure(e.InscriptionsAvant)+".")
	}
	if e.Capacite > 0 {
		data.Lignes = append(data.Lignes, "Les places sont limitées à "+strconv.Itoa(e.Capacite)+" : au-delà, vous serez inscrit sur la liste d'attente.")
	}
	data.URLInscrire, data.URLDecliner = urls[true], urls[false]
	return enqueueEvenementMail(ctx, tx, e.ID, d.Email, data)
}

func evenementData(e model.Evenement, sujet, nom, raison string) mail.EvenementData {
	return mail.EvenementData{Sujet: sujet, Prenom: nom, Titre: e.Titre, Type: e.Type.Label(), Quand: e.Quand(), Lieu: e.Lieu,
		Visio: e.LienVisio, Description: e.Description, Raison: raison}
}

func enqueueEvenementMail(ctx context.Context, tx *store.Store, evenementID int64, to string, data mail.EvenementData, pieces ...mail.Attachment) error {
	return envoyerCourriel(ctx, tx, courriel{modele: "evenement", to: to, data: data, priorite: store.PriorityInteractive, pieces: pieces,
		notif: avis(model.NotifEvenement, data.Sujet, "/animation/evenements/"+strconv.FormatInt(evenementID, 10))})
}

// icsEvenement is the calendar invitation (REQUEST) or its cancellation
// (CANCEL, a higher sequence) of an event for one person.
func icsEvenement(baseURL string, e model.Evenement, p model.Participation, method string) (mail.Attachment, error) {
	host := mailHost(baseURL)
	seq, name := 0, "invitation.ics"
	if method == export.MethodCancel {
		seq, name = 1, "annulation.ics"
	}
	lieu := e.Lieu
	if lieu == "" {
		lieu = e.LienVisio
	}
	var b bytes.Buffer
	err := export.ICS(&b, method, []export.Evenement{{
		UID:        fmt.Sprintf("evenement-%d-%d@%s", e.ID, p.ID, host),
		Sequence:   seq,
		Horodatage: time.Now(), Debut: e.Debut, Fin: e.Fin, Titre: e.Titre,
		Description: e.Type.Label() + ". " + e.Description + " " + evenementURL(baseURL, e.ID),
		Lieu:        lieu, Organisateur: export.Personne{Nom: "Réseau des CEE", Email: "ne-pas-repondre@" + host},
		Participants: []export.Personne{{Nom: p.Nom, Email: p.Email}},
	}})
	if err != nil {
		return mail.Attachment{}, err
	}
	return mail.CalendarAttachment(name, method, b.Bytes()), nil
}

func evenementURL(baseURL string, id int64) string {
	return baseURL + "/animation/evenements/" + strconv.FormatInt(id, 10)
}

// LienEvenement reads an invitation's link without using it.
func LienEvenement(ctx context.Context, s *store.Store, token string, now time.Time) (bool, model.Participation, model.Evenement, error) {
	raw, err := s.PeekJetonPayload(ctx, auth.HashToken(token), store.JetonEvenement, now)
	if err != nil {
		return false, model.Participation{}, model.Evenement{}, err
	}
	return lireLienEvenement(ctx, s, raw)
}

// LienEvenementUtilise reads an invitation's link used already: what it
// answered (inscrire), the participation as it is now, the event, and
// when the link was used — for « vous avez déjà accepté » rather than
// « invalid link ». store.ErrJetonInvalide for a link never used.
func LienEvenementUtilise(ctx context.Context, s *store.Store, token string) (inscrire bool, p model.Participation, e model.Evenement, le time.Time, err error) {
	raw, le, err := s.UsedJetonPayload(ctx, auth.HashToken(token), store.JetonEvenement)
	if err != nil {
		return false, p, e, le, err
	}
	inscrire, p, e, err = lireLienEvenement(ctx, s, raw)
	return inscrire, p, e, le, err
}

func lireLienEvenement(ctx context.Context, s *store.Store, raw []byte) (bool, model.Participation, model.Evenement, error) {
	var l lienEvenement
	if err := json.Unmarshal(raw, &l); err != nil {
		return false, model.Participation{}, model.Evenement{}, err
	}
	p, err := s.GetParticipation(ctx, l.Participation)
	if err != nil {
		return false, p, model.Evenement{}, err
	}
	e, err := s.GetEvenement(ctx, p.EvenementID, model.Scope{National: true})
	return l.Inscrire, p, e, err
}

// ReponseEvenement is what an answer did.
type ReponseEvenement struct {
	Participation model.Participation // after the answer
	Evenement     model.Evenement
	Promu         string // who got the place freed, if anyone
}

// RepondreEvenementParLien uses an invitation's link (register or decline).
func RepondreEvenementParLien(ctx context.Context, s *store.Store, baseURL, token string, now time.Time) (ReponseEvenement, error) {
	var res ReponseEvenement
	err := s.InTx(ctx, func(tx *store.Store) error {
		j, err := tx.ConsumeJeton(ctx, auth.HashToken(token), store.JetonEvenement, now)
		if err != nil {
			return err
		}
		var l lienEvenement
		if err := json.Unmarshal(j.Payload, &l); err != nil {
			return err
		}
		res, err = repondreEvenement(ctx, tx, baseURL, l.Participation, l.Inscrire, now)
		return err
	})
	return res, err
}

// InscrireConseiller registers (or unregisters) a signed-in CEE to an
// event they are invited to: ErrNotFound when they are not.
func InscrireConseiller(ctx context.Context, s *store.Store, baseURL string, evenementID, conseillerID int64, inscrire bool, now time.Time) (ReponseEvenement, error) {
	var res ReponseEvenement
	err := s.InTx(ctx, func(tx *store.Store) error {
		p, err := tx.ParticipationOf(ctx, evenementID, conseillerID)
		if err != nil {
			return err
		}
		res, err = repondreEvenement(ctx, tx, baseURL, p.ID, inscrire, now)
		return err
	})
	return res, err
}

// repondreEvenement registers or declines under the event's lock: a
// registration beyond the capacity joins the waiting list; a registered
// person who cancels frees a place, given at once to the first person
// waiting, who is told by e-mail with the calendar invitation.
func repondreEvenement(ctx context.Context, tx *store.Store, baseURL string, participationID int64, inscrire bool, now time.Time) (ReponseEvenement, error) {
	var res ReponseEvenement
	p, err := tx.GetParticipation(ctx, participationID)
	if err != nil {
		return res, err
	}
	if err := tx.LockEvenement(ctx, p.EvenementID); err != nil {
		return res, err
	}
	// Read again under the lock.
	if p, err = tx.GetParticipation(ctx, participationID); err != nil {
		return res, err
	}
	e, err := tx.GetEvenement(ctx, p.EvenementID, model.Scope{National: true})
	if err != nil {
		return res, err
	}
	res.Evenement = e
	if inscrire {
		if p.Etat == model.ParticipationInscrit || p.Etat == model.ParticipationAttente {
			res.Participation = p
			return res, ErrDejaInscrit
		}
		if !e.Ouvert(now) {
			res.Participation = p
			return res, ErrInscriptionsCloses
		}
		n, err := tx.CountInscrits(ctx, e.ID)
		if err != nil {
			return res, err
		}
		to := model.ParticipationInscrit
		if e.Capacite > 0 && n >= e.Capacite {
			to = model.ParticipationAttente
		}
		if err := tx.SetEtatParticipation(ctx, p.ID, p.Etat, to); err != nil {
			return res, err
		}
		p.Etat = to
		res.Participation = p
		if to == model.ParticipationAttente {
			data := evenementData(e, "Liste d'attente : "+e.Titre, p.Nom, raisonEvenement)
			data.Lignes = []string{"L'événement est complet : vous êtes inscrit sur la liste d'attente.",
				"Si une place se libère, elle vous sera attribuée automatiquement et vous recevrez un courriel."}
			return res, enqueueEvenementMail(ctx, tx, e.ID, p.Email, data)
		}
		ics, err := icsEvenement(baseURL, e, p, export.MethodRequest)
		if err != nil {
			return res, err
		}
		data := evenementData(e, "Inscription confirmée : "+e.Titre, p.Nom, raisonEvenement)
		data.Lignes = []string{"Votre inscription est enregistrée. L'invitation jointe ajoute l'événement à votre agenda."}
		return res, enqueueEvenementMail(ctx, tx, e.ID, p.Email, data, ics)
	}
	var to model.EtatParticipation
	switch p.Etat {
	case model.ParticipationInvite:
		to = model.ParticipationDecline
	case model.ParticipationInscrit, model.ParticipationAttente:
		to = model.ParticipationAnnule
	default:
		res.Participation = p
		return res, nil // already declined or cancelled: nothing to do
	}
	if err := tx.SetEtatParticipation(ctx, p.ID, p.Etat, to); err != nil {
		return res, err
	}
	was := p.Etat
	p.Etat = to
	res.Participation = p
	if was != model.ParticipationInscrit {
		return res, nil
	}
	if ics, err := icsEvenement(baseURL, e, p, export.MethodCancel); err == nil {
		data := evenementData(e, "Désinscription enregistrée : "+e.Titre, p.Nom, raisonEvenement)
		data.Lignes = []string{"Votre désinscription est enregistrée. La pièce jointe retire l'événement de votre agenda."}
		if err := enqueueEvenementMail(ctx, tx, e.ID, p.Email, data, ics); err != nil {
			return res, err
		}
	}
	if e.Etat != model.EvenementPublie || !now.Before(e.Debut) {
		return res, nil
	}
	next, err := tx.PremierEnAttente(ctx, e.ID)
	if errors.Is(err, store.ErrNotFound) {
		return res, nil
	}
	if err != nil {
		return res, err
	}
	if err := tx.SetEtatParticipation(ctx, next.ID, model.ParticipationAttente, model.ParticipationInscrit); err != nil {
		return res, err
	}
	next.Etat = model.ParticipationInscrit
	res.Promu = next.Nom
	ics, err := icsEvenement(baseURL, e, next, export.MethodRequest)
	if err != nil {
		return res, err
	}
	data := evenementData(e, "Une place s'est libérée : "+e.Titre, next.Nom, raisonEvenement)
	data.Lignes = []string{"Une place s'est libérée : vous passez de la liste d'attente aux inscrits.",
		"L'invitation jointe ajoute l'événement à votre agenda. Si vous ne pouvez plus venir, utilisez le lien « Je ne pourrai pas venir » de votre invitation (ou l'application) pour laisser la place."}
	data.URL, data.Bouton = evenementURL(baseURL, e.ID), "Voir l'événement"
	return res, enqueueEvenementMail(ctx, tx, e.ID, next.Email, data, ics)
}

// AnnulerEvenement cancels an event and tells every person registered
// (with the calendar cancellation) and on the waiting list.
//
// confirme is the number of people the person was told would be notified
// (the registered and the waiting list): another number refuses with
// ErrDecompte and cancels nothing.
func AnnulerEvenement(ctx context.Context, s *store.Store, a Actor, baseURL string, sc model.Scope, id int64, motif string, confirme int) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		e, err := tx.GetEvenement(ctx, id, sc)
		if err != nil {
			return err
		}
		if err := tx.LockEvenement(ctx, e.ID); err != nil {
			return err
		}
		if err := tx.AnnulerEvenement(ctx, e.ID, motif); err != nil {
			return err
		}
		list, err := tx.ListParticipations(ctx, e.ID, model.ParticipationInscrit, model.ParticipationAttente)
		if err != nil {
			return err
		}
		if err := Decompte("personnes à prévenir", confirme, len(list)); err != nil {
			return err
		}
		for _, p := range list {
			data := evenementData(e, "Événement annulé : "+e.Titre, p.Nom, raisonEvenement)
			data.Lignes = []string{"Cet événement est annulé : " + motif + ".", "Nous vous prions de nous excuser pour ce changement."}
			var pieces []mail.Attachment
			if p.Etat == model.ParticipationInscrit {
				ics, err := icsEvenement(baseURL, e, p, export.MethodCancel)
				if err != nil {
					return err
				}
				pieces = append(pieces, ics)
				data.Lignes = append(data.Lignes, "La pièce jointe retire l'événement de votre agenda.")
			}
			if err := enqueueEvenementMail(ctx, tx, e.ID, p.Email, data, pieces...); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a.entree(store.AuditAnimation, "evenement", e.ID, e.Academie, "annulé : "+motif))
	})
}

// EnregistrerPresences records who attended, with a journal line.
func EnregistrerPresences(ctx context.Context, s *store.Store, a Actor, sc model.Scope, id int64, presents map[int64]bool) (int, error) {
	var n int
	err := s.InTx(ctx, func(tx *store.Store) error {
		e, err := tx.GetEvenement(ctx, id, sc)
		if err != nil {
			return err
		}
		if n, err = tx.SetPresences(ctx, e.ID, presents); err != nil {
			return err
		}
		e, err = tx.GetEvenement(ctx, id, sc)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, a.entree(store.AuditAnimation, "evenement", e.ID, e.Academie,
			fmt.Sprintf("présences : %d présent(s) sur %d inscrit(s), %d changement(s)", e.Presents, e.Inscrits, n)))
	})
	return n, err
}

// RappelsEvenements mails the people registered to the events of the next
// day (Paris time), once per event, even if the job runs hourly.
func RappelsEvenements(ctx context.Context, s *store.Store, baseURL string, now time.Time) error {
	p := now.In(model.Paris)
	from := time.Date(p.Year(), p.Month(), p.Day()+1, 0, 0, 0, 0, model.Paris)
	list, err := s.EvenementsARappeler(ctx, from, from.AddDate(0, 0, 1))
	if err != nil {
		return err
	}
	for _, e := range list {
		err := s.InTx(ctx, func(tx *store.Store) error {
			first, err := tx.MarkRappelEnvoye(ctx, e.ID)
			if err != nil || !first {
				return err
			}
			inscrits, err := tx.ListParticipations(ctx, e.ID, model.ParticipationInscrit)
			if err != nil {
				return err
			}
			for _, pa := range inscrits {
				data := evenementData(e, "Rappel : "+e.Titre+" demain", pa.Nom, raisonEvenement)
				data.Lignes = []string{"Nous vous rappelons votre inscription à cet événement, demain."}
				data.URL, data.Bouton = evenementURL(baseURL, e.ID), "Voir l'événement"
				if err := enqueueEvenementMail(ctx, tx, e.ID, pa.Email, data); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
