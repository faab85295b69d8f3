package workflow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"cee/internal/auth"
	"cee/internal/export"
	"cee/internal/job"
	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/optim"
	"cee/internal/pdf"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
)

// lienDisponibilite is what an availability link carries.
type lienDisponibilite struct{ Disponibilite int64 }

// LancerCampagne asks the CEE in mandate, and the professionals who agreed
// to sit in juries, whose specialities meet one of the session's juries for
// their availability, with a link valid until the deadline (answers may be
// changed until then). Nobody else is mailed: a CAP Boulanger jury does not
// concern a plumber. confirme is the number of people the person confirmed
// (DecompteCampagne): another number refuses with ErrDecompte, nothing sent.
func LancerCampagne(ctx context.Context, s *store.Store, a Actor, baseURL string, x model.SessionExamen, echeance time.Time, confirme int) (int, error) {
	n := 0
	err := s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetSessionEtat(ctx, x.ID, model.SessionPreparation, model.SessionCampagne); err != nil {
			return err
		}
		cibles, err := ciblesCampagne(ctx, tx, x)
		if err != nil {
			return err
		}
		if err := Decompte("personnes à interroger", confirme, len(cibles)); err != nil {
			return err
		}
		if err := tx.SetEcheanceSession(ctx, x.ID, echeance); err != nil {
			return err
		}
		for _, c := range cibles {
			id, err := tx.CreateDisponibilite(ctx, c.d)
			if err != nil {
				return err
			}
			n++
			if err := mailDisponibilite(ctx, tx, baseURL, x, id, c.prenom, c.email, echeance, false); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a.entree(store.AuditJury, "session", x.ID, x.Academie, fmt.Sprintf("campagne de disponibilités : %d personnes", n)))
	})
	return n, err
}

// DecompteCampagne counts the people LancerCampagne would ask now, as its
// confirmation shows them before anything is sent.
func DecompteCampagne(ctx context.Context, s *store.Store, x model.SessionExamen) (int, error) {
	cibles, err := ciblesCampagne(ctx, s, x)
	return len(cibles), err
}

// cibleCampagne is one person an availability campaign asks.
type cibleCampagne struct {
	d             model.DisponibiliteJury
	prenom, email string
}

// ciblesCampagne lists the people a session's campaign asks: the CEE in
// mandate (or in renewal), not paused, and the professionals who agreed to
// sit in juries, whose specialities meet one of the session's juries.
func ciblesCampagne(ctx context.Context, s *store.Store, x model.SessionExamen) ([]cibleCampagne, error) {
	jurys, err := s.ListJurys(ctx, x.ID)
	if err != nil {
		return nil, err
	}
	if len(jurys) == 0 {
		return nil, model.Refus("importez d'abord les jurys de la session")
	}
	wanted := map[string]bool{}
	for _, j := range jurys {
		wanted[j.Specialite] = true
	}
	var out []cibleCampagne
	for _, etat := range []model.EtatDesignation{model.DesignationActive, model.DesignationRenouvellement} {
		cees, _, err := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: x.Academie}, Etat: etat, Limit: 1 << 20})
		if err != nil {
			return nil, err
		}
		for _, c := range cees {
			if c.EnPause || !slices.ContainsFunc(c.Specialites, func(sp string) bool { return wanted[sp] }) {
				continue
			}
			out = append(out, cibleCampagne{model.DisponibiliteJury{SessionID: x.ID, ConseillerID: c.ID}, c.Prenom, c.Email})
		}
	}
	pros, _, err := s.SearchProfessionnels(ctx, store.ProfessionnelFilter{Scope: model.Scope{Academie: x.Academie}, Limit: 1 << 20})
	if err != nil {
		return nil, err
	}
	for _, p := range pros {
		if !p.Contactable() || !p.Consent.Jurys || !slices.ContainsFunc(p.Specialites, func(sp string) bool { return wanted[sp] }) {
			continue
		}
		out = append(out, cibleCampagne{model.DisponibiliteJury{SessionID: x.ID, ProfessionnelID: p.ID}, p.Prenom, p.Email})
	}
	return out, nil
}

// mailDisponibilite sends a person a link to declare their availability,
// valid until the day after the deadline (a new link for each reminder:
// only hashes are kept).
func mailDisponibilite(ctx context.Context, tx *store.Store, baseURL string, x model.SessionExamen, id int64, prenom, email string, echeance time.Time, relance bool) error {
	tok, hash, err := auth.NewToken()
	if err != nil {
		return err
	}
	payload, _ := json.Marshal(lienDisponibilite{id})
	if err := tx.CreateJeton(ctx, store.Jeton{Hash: hash, Kind: store.JetonDisponibilite, Payload: payload, ExpiresAt: echeance.AddDate(0, 0, 1)}); err != nil {
		return err
	}
	sujet := "Jurys d'examen : vos disponibilités pour la " + x.Nom
	if relance {
		sujet = "Rappel : " + sujet
	}
	// The mail's link carries a token: the notification says what to do
	// and leads nowhere else.
	return enqueueDemandeMail(ctx, tx, email, avis(model.NotifConvocation, sujet+" (répondez par le lien du courriel)", ""), mail.DemandeData{Sujet: sujet, Prenom: prenom,
		Lignes: []string{"L'académie " + DeAcademie(x.Academie) + " compose les jurys professionnels de la " + x.Nom +
			" (du " + model.Date(x.Debut) + " au " + model.Date(x.Fin) + ").",
			"Indiquez les demi-journées où vous pouvez siéger, la distance que vous acceptez, et les entreprises ou établissements dont vous ne devez pas évaluer les candidats.",
			"Vous pouvez répondre jusqu'au " + model.Date(echeance) + "."},
		URL: baseURL + "/disponibilites/" + tok, Bouton: "Indiquer mes disponibilités",
		Raison: "Vous recevez ce message parce que vous êtes conseiller entreprises pour l'École ou avez accepté d'être sollicité pour des jurys."})
}

// RelancesDisponibilites reminds the people who have not answered a
// campaign: a week, then two days, before its deadline.
func RelancesDisponibilites(ctx context.Context, s *store.Store, baseURL string, now time.Time) error {
	sessions, err := s.ListSessionsExamen(ctx, "")
	if err != nil {
		return err
	}
	for _, x := range sessions {
		if x.Etat != model.SessionCampagne || x.Echeance == nil || now.After(*x.Echeance) {
			continue
		}
		left := x.Echeance.Sub(now)
		dispos, err := s.ListDisponibilites(ctx, x.ID)
		if err != nil {
			return err
		}
		for _, d := range dispos {
			n := 0
			switch {
			case d.Relances == 0 && left <= 7*24*time.Hour:
				n = 1
			case d.Relances == 1 && left <= 2*24*time.Hour:
				n = 2
			}
			if d.RepondueLe != nil || n == 0 {
				continue
			}
			err := s.InTx(ctx, func(tx *store.Store) error {
				if err := tx.MarkRelanceDisponibilite(ctx, d.ID, n); err != nil {
					return err
				}
				return mailDisponibilite(ctx, tx, baseURL, x, d.ID, d.Nom, d.Email, *x.Echeance, true)
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// LienDisponibilite reads an availability link (usable until the deadline,
// as often as needed).
func LienDisponibilite(ctx context.Context, s *store.Store, jeton string, now time.Time) (model.DisponibiliteJury, model.SessionExamen, error) {
	raw, err := s.PeekJetonPayload(ctx, auth.HashToken(jeton), store.JetonDisponibilite, now)
	if err != nil {
		return model.DisponibiliteJury{}, model.SessionExamen{}, err
	}
	var l lienDisponibilite
	if err := json.Unmarshal(raw, &l); err != nil {
		return model.DisponibiliteJury{}, model.SessionExamen{}, err
	}
	d, err := s.GetDisponibilite(ctx, l.Disponibilite)
	if err != nil {
		return d, model.SessionExamen{}, err
	}
	x, err := s.GetSessionExamen(ctx, d.SessionID, "")
	return d, x, err
}

// DemiJourneesSession lists the half-days of a session's juries, in order.
func DemiJourneesSession(jurys []model.Jury) []string {
	set := map[string]bool{}
	for _, j := range jurys {
		for _, h := range j.DemiJournees {
			set[h] = true
		}
	}
	var out []string
	for h := range set {
		out = append(out, h)
	}
	slices.Sort(out)
	return out
}

// personID and juryID name the rows of the database in the optimiser's
// instance.
func personID(id int64) string { return "D" + strconv.FormatInt(id, 10) }
func juryID(id int64) string   { return "J" + strconv.FormatInt(id, 10) }

func parseInstanceID(s string) int64 {
	n, _ := strconv.ParseInt(s[1:], 10, 64)
	return n
}

// lieuJury is the point of an exam centre: the school's, else its commune's.
func lieuJury(ctx context.Context, s *store.Store, uai string) (float64, float64, bool) {
	e, err := s.GetEtablissement(ctx, uai)
	if err != nil {
		return 0, 0, false
	}
	if e.Latitude != nil && e.Longitude != nil {
		return *e.Latitude, *e.Longitude, true
	}
	if c := coordCommune(e.CodeCommune); c != nil {
		return c.Lat, c.Lon, true
	}
	return 0, 0, false
}

// InstanceSession builds the optimiser's instance of a session: its juries,
// the people who answered, the locked seats.
func InstanceSession(ctx context.Context, s *store.Store, sessionID int64) (*optim.Instance, []model.Jury, []string, error) {
	jurys, err := s.ListJurys(ctx, sessionID)
	if err != nil {
		return nil, nil, nil, err
	}
	dispos, err := s.ListDisponibilites(ctx, sessionID)
	if err != nil {
		return nil, nil, nil, err
	}
	inst := &optim.Instance{Version: 1, Weights: optim.Weights{Km: 1, Unfilled: 1000, College: 50}}
	var notes []string
	// Juries share their centres: one read per centre, not per jury (a
	// session of a thousand juries has a few dozen centres).
	type point struct {
		lat, lon float64
		ok       bool
	}
	lieux := map[string]point{}
	for _, j := range jurys {
		l, seen := lieux[j.UAI]
		if !seen {
			l.lat, l.lon, l.ok = lieuJury(ctx, s, j.UAI)
			lieux[j.UAI] = l
		}
		lat, lon, ok := l.lat, l.lon, l.ok
		if !ok {
			notes = append(notes, "jury "+j.Code+" : centre sans coordonnées, laissé de côté")
			continue
		}
		inst.Juries = append(inst.Juries, optim.Jury{ID: juryID(j.ID), Specialty: j.Specialite, Lat: lat, Lon: lon, HalfDays: j.DemiJournees,
			Seats: j.Sieges, Employers: j.Employeurs, Employees: j.Salaries, Conflicts: j.Conflits})
		for _, m := range j.Membres {
			if m.Verrou {
				inst.Locked = append(inst.Locked, optim.Pair{Jury: juryID(j.ID), Person: personID(m.DisponibiliteID)})
			}
		}
	}
	for _, d := range dispos {
		if d.RepondueLe == nil || len(d.DemiJournees) == 0 {
			continue
		}
		c := coordCommune(d.CodeCommune)
		if c == nil {
			notes = append(notes, d.Nom+" : commune inconnue, distances impossibles, laissé de côté")
			continue
		}
		inst.People = append(inst.People, optim.Person{ID: personID(d.ID), Specialties: d.Specialites, College: d.College, Lat: c.Lat, Lon: c.Lon,
			Available: d.DemiJournees, MaxHalfDays: max(1, d.MaxDemiJournees), MaxKm: float64(max(1, d.MaxKm)), Ties: d.Liens})
	}
	return inst, jurys, notes, nil
}

// Composer runs the optimiser on a session and writes its proposal: the
// locked seats stay, the others are replaced. progress is told the
// percentage done.
func Composer(ctx context.Context, s *store.Store, sessionID int64, limit time.Duration) error {
	x, err := s.GetSessionExamen(ctx, sessionID, "")
	if err != nil {
		return err
	}
	if x.Etat != model.SessionComposition {
		return nil // already done, or cancelled: the job has nothing to do
	}
	_ = s.SetSessionProgression(ctx, sessionID, 10, "")
	inst, _, notes, err := InstanceSession(ctx, s, sessionID)
	if err != nil {
		return err
	}
	sctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	_ = s.SetSessionProgression(ctx, sessionID, 20, "")
	res, err := optim.Solve(sctx, inst, optim.Options{})
	if err != nil {
		return fmt.Errorf("composition : %w", err)
	}
	_ = s.SetSessionProgression(ctx, sessionID, 90, "")
	people := map[string]optim.Person{}
	for _, p := range inst.People {
		people[p.ID] = p
	}
	juries := map[string]optim.Jury{}
	for _, j := range inst.Juries {
		juries[j.ID] = j
	}
	var seats []store.MembreNouveau
	for _, p := range res.Assignments {
		pe, j := people[p.Person], juries[p.Jury]
		seats = append(seats, store.MembreNouveau{JuryID: parseInstanceID(p.Jury), DisponibiliteID: parseInstanceID(p.Person),
			DistanceKm: optim.Distance(pe.Lat, pe.Lon, j.Lat, j.Lon)})
	}
	summary, _ := json.Marshal(struct {
		*optim.Result
		Notes []string `json:"notes,omitempty"`
	}{res, notes})
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.ReplaceComposition(ctx, sessionID, seats); err != nil {
			return err
		}
		if err := tx.SetSessionProgression(ctx, sessionID, 100, string(summary)); err != nil {
			return err
		}
		return tx.SetSessionEtat(ctx, sessionID, model.SessionComposition, model.SessionComposee)
	})
}

// LancerComposition queues the composition of a session as a job.
func LancerComposition(ctx context.Context, s *store.Store, a Actor, x model.SessionExamen) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		from := x.Etat
		if from != model.SessionCampagne && from != model.SessionComposee {
			return model.Conflit(fmt.Sprintf("la session est « %s » : demandez d'abord les disponibilités", from.Label()))
		}
		if err := tx.SetSessionEtat(ctx, x.ID, from, model.SessionComposition); err != nil {
			return err
		}
		if err := tx.SetSessionProgression(ctx, x.ID, 0, ""); err != nil {
			return err
		}
		if _, err := tx.EnqueueJob(ctx, store.NewJob{Kind: job.KindComposer, Payload: struct{ Session int64 }{x.ID}}); err != nil {
			return err
		}
		return tx.Audit(ctx, a.entree(store.AuditJury, "session", x.ID, x.Academie, "composition lancée"))
	})
}

// Verifier checks a session's composition as it stands against every hard
// constraint, independently of the solver: what a manual change may break.
func Verifier(ctx context.Context, s *store.Store, sessionID int64) ([]string, error) {
	inst, jurys, _, err := InstanceSession(ctx, s, sessionID)
	if err != nil {
		return nil, err
	}
	res := &optim.Result{}
	for _, j := range jurys {
		for _, m := range j.Membres {
			res.Assignments = append(res.Assignments, optim.Pair{Jury: juryID(j.ID), Person: personID(m.DisponibiliteID)})
		}
	}
	v := optim.Check(inst, res)
	// The checker names the instance's ids: say the names people know.
	dispos, err := s.ListDisponibilites(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	type pair struct{ id, name string }
	var pairs []pair
	for _, d := range dispos {
		pairs = append(pairs, pair{personID(d.ID), d.Nom})
	}
	for _, j := range jurys {
		pairs = append(pairs, pair{juryID(j.ID), "jury " + j.Code})
	}
	// Longest ids first: the replacer tries them in order, and D1 must not
	// eat the start of D12.
	slices.SortFunc(pairs, func(a, b pair) int { return len(b.id) - len(a.id) })
	var names []string
	for _, p := range pairs {
		names = append(names, p.id, p.name)
	}
	r := strings.NewReplacer(names...)
	var out []string
	for _, x := range v.Violations {
		// « assignments[3] : » is the checker's JSON path: not for people.
		out = append(out, r.Replace(cheminJSON.ReplaceAllString(x, "")))
	}
	return out, nil
}

// cheminJSON is the JSON path that opens the checker's messages.
var cheminJSON = regexp.MustCompile(`^(assignments|locked)\[[0-9]+\] : `)

// Remplacer puts another person in a member's seat, locked (chosen by hand),
// after checking every hard constraint on the whole session: on a
// violation nothing changes and the violations are returned.
func Remplacer(ctx context.Context, s *store.Store, a Actor, sessionID, membreID, disponibiliteID int64) ([]string, error) {
	var problems []string
	err := s.InTx(ctx, func(tx *store.Store) error {
		m, err := tx.GetMembre(ctx, membreID)
		if err != nil {
			return err
		}
		if err := tx.RemoveMembre(ctx, m.ID); err != nil {
			return err
		}
		if err := tx.AddMembre(ctx, store.MembreNouveau{JuryID: m.JuryID, DisponibiliteID: disponibiliteID, Verrou: true}); err != nil {
			return err
		}
		if problems, err = Verifier(ctx, tx, sessionID); err != nil {
			return err
		}
		if len(problems) > 0 {
			return errRollback
		}
		return tx.Audit(ctx, a.entree(store.AuditJury, "session", sessionID, "", fmt.Sprintf("jury %d : %s remplacé", m.JuryID, m.Nom)))
	})
	if errors.Is(err, errRollback) {
		return problems, nil
	}
	return nil, err
}

// lienConvocation is what a convocation link carries.
type lienConvocation struct {
	Disponibilite int64
	Confirme      bool
}

// Publier convenes everyone seated: one e-mail per person with the PDF
// convocation, a calendar invitation per half-day and two links (I confirm /
// I am prevented).
//
// confirme is the number of people the person confirmed would be convened
// (model.ResumeComposition.Personnes): another number refuses with
// ErrDecompte and publishes nothing.
func Publier(ctx context.Context, s *store.Store, a Actor, baseURL string, x model.SessionExamen, confirme int) (int, error) {
	jurys, err := s.ListJurys(ctx, x.ID)
	if err != nil {
		return 0, err
	}
	type seat struct {
		jury model.Jury
		m    model.MembreJury
	}
	byPerson := map[int64][]seat{}
	var order []int64
	for _, j := range jurys {
		for _, m := range j.Membres {
			if _, ok := byPerson[m.DisponibiliteID]; !ok {
				order = append(order, m.DisponibiliteID)
			}
			byPerson[m.DisponibiliteID] = append(byPerson[m.DisponibiliteID], seat{j, m})
		}
	}
	if len(order) == 0 {
		return 0, model.Refus("aucun membre : lancez d'abord la composition")
	}
	if err := Decompte("personnes à convoquer", confirme, len(order)); err != nil {
		return 0, err
	}
	host := mailHost(baseURL)
	now := time.Now()
	reglages, err := s.GetParametresJurys(ctx, x.Academie)
	if err != nil {
		return 0, err
	}
	err = s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetSessionEtat(ctx, x.ID, model.SessionComposee, model.SessionPubliee); err != nil {
			return err
		}
		if err := tx.SetStatutMembres(ctx, x.ID, "convoque"); err != nil {
			return err
		}
		for _, id := range order {
			seats := byPerson[id]
			d, err := tx.GetDisponibilite(ctx, id)
			if err != nil {
				return err
			}
			m0 := seats[0].m
			c := pdf.Convocation{Civilite: m0.Civilite, Prenom: m0.Prenom, Nom: m0.NomFamille, Session: x.Nom, Date: now, Frais: reglages.Frais,
				Signataire: "Pour le recteur et par délégation, la division des examens et concours"}
			if c.Nom == "" {
				c.Nom = d.Nom
			}
			var pieces []mail.Attachment
			var lignes []string
			for _, st := range seats {
				var labels []string
				for _, h := range st.jury.DemiJournees {
					labels = append(labels, model.DemiJourneeHoraire(h))
					t, pm, err := optim.ParseHalfDay(h)
					if err != nil {
						return err
					}
					moment := "AM"
					if pm {
						moment = "PM"
					}
					debut, fin, err := export.DemiJournee(t, moment)
					if err != nil {
						return err
					}
					var b bytes.Buffer
					if err := export.ICS(&b, export.MethodRequest, []export.Evenement{{UID: fmt.Sprintf("jury-%d-%s-%d@%s", st.jury.ID, h, id, host),
						Horodatage: now, Debut: debut, Fin: fin, Titre: TitreJury(st.jury),
						Lieu: lieuCentre(st.jury), Organisateur: export.Personne{Nom: "Division des examens et concours", Email: "ne-pas-repondre@" + host},
						Participants: []export.Personne{{Nom: d.Nom, Email: d.Email}}}}); err != nil {
						return err
					}
					pieces = append(pieces, mail.CalendarAttachment("jury-"+st.jury.Code+"-"+h+".ics", export.MethodRequest, b.Bytes()))
				}
				c.Seances = append(c.Seances, pdf.Seance{Jury: st.jury.Code, Diplome: refdata.LibelleDiplome(st.jury.Specialite), Centre: st.jury.Centre,
					Adresse: st.jury.Adresse, Creneaux: labels})
				lignes = append(lignes, TitreJury(st.jury)+" — centre d'examen : "+lieuCentre(st.jury)+" — "+strings.Join(labels, " ; ")+".")
			}
			frais := strings.Join(strings.Fields(reglages.Frais), " ")
			if frais == "" {
				frais = "renseignez-vous auprès de la division des examens et concours."
			}
			lignes = append(lignes, "Frais de déplacement et de repas : "+frais,
				"La convocation jointe vaut ordre de mission ; les invitations d'agenda sont jointes aussi.")
			var doc bytes.Buffer
			if err := pdf.ConvocationJury(&doc, PDFAcademie(x.Academie), c); err != nil {
				return err
			}
			pieces = append([]mail.Attachment{{Name: "convocation.pdf", ContentType: "application/pdf", Data: doc.Bytes()}}, pieces...)
			urls := map[bool]string{}
			for _, ok := range []bool{true, false} {
				tok, hash, err := auth.NewToken()
				if err != nil {
					return err
				}
				payload, _ := json.Marshal(lienConvocation{id, ok})
				if err := tx.CreateJeton(ctx, store.Jeton{Hash: hash, Kind: store.JetonConvocation, Payload: payload, ExpiresAt: x.Fin.AddDate(0, 0, 1)}); err != nil {
					return err
				}
				urls[ok] = baseURL + "/convocation/" + tok
			}
			if err := enqueueDemandeMail(ctx, tx, d.Email, avis(model.NotifConvocation, fmt.Sprintf("Convocation aux jurys de la %s : %d jury(s), à confirmer par le lien du courriel", x.Nom, len(seats)), ""),
				mail.DemandeData{Sujet: "Convocation aux jurys de la " + x.Nom, Prenom: d.Nom,
					Lignes: append(append([]string{fmt.Sprintf("Vous êtes %s dans %d jury(s) :", model.Accorde(c.Civilite, "convoqué", "convoquée"), len(seats))}, lignes...),
						"Si vous êtes "+model.Accorde(c.Civilite, "empêché", "empêchée")+", dites-le vite avec ce lien : "+urls[false]),
					URL: urls[true], Bouton: "Je confirme ma présence",
					Raison: "Vous recevez ce message parce que vous avez indiqué vos disponibilités pour cette session."}, pieces...); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a.entree(store.AuditJury, "session", x.ID, x.Academie, fmt.Sprintf("publiée : %d personnes convoquées", len(order))))
	})
	return len(order), err
}

// lieuCentre is an exam centre as a convocation names it: its name and
// address.
func lieuCentre(j model.Jury) string {
	if j.Adresse == "" {
		return j.Centre
	}
	return j.Centre + ", " + j.Adresse
}

// TitreJury names a jury for the people sitting in it and for the exam
// division: its diploma first, the division's number after, which the
// centre uses on the day: « Jury CAP Boulanger (n° CAP-BOUL-01) ».
func TitreJury(j model.Jury) string {
	t := "Jury " + refdata.LibelleDiplome(j.Specialite)
	if j.Code != "" {
		t += " (n° " + j.Code + ")"
	}
	return t
}

// PDFAcademie is the académie as the documents name it. The signing town is
// the rectorat's; the académie name is that town but for a few.
func PDFAcademie(code string) pdf.Academie {
	a, _ := refdata.AcademieByCode(code)
	ville := a.Nom
	switch code {
	case "70":
		ville = "Caen"
	case "12":
		ville = "Nancy"
	case "02":
		ville = "Aix-en-Provence"
	case "18":
		ville = "Orléans"
	case "28":
		ville = "Saint-Denis"
	case "31":
		ville = "Schœlcher"
	case "32":
		ville = "Les Abymes"
	case "33":
		ville = "Cayenne"
	case "43":
		ville = "Mamoudzou"
	case "27":
		ville = "Ajaccio"
	}
	return pdf.Academie{Code: code, Nom: a.Nom, Ville: ville, Recteur: "Le recteur de la région académique, recteur de l'académie de " + a.Nom}
}

// Convocation is what a convocation link is about, for the page it opens:
// whether it confirms or declines, whom, and the juries concerned.
type Convocation struct {
	Confirme bool
	Nom      string
	Session  model.SessionExamen
	Jurys    []model.Jury // the person's juries, with only their own seat
}

// LienConvocation reads a convocation link without using it: the page
// says what a click will confirm or decline.
func LienConvocation(ctx context.Context, s *store.Store, jeton string, now time.Time) (Convocation, error) {
	raw, err := s.PeekJetonPayload(ctx, auth.HashToken(jeton), store.JetonConvocation, now)
	if err != nil {
		return Convocation{}, err
	}
	return lireConvocation(ctx, s, raw)
}

// lireConvocation reads what a convocation link's payload is about.
func lireConvocation(ctx context.Context, s *store.Store, raw []byte) (Convocation, error) {
	var l lienConvocation
	if err := json.Unmarshal(raw, &l); err != nil {
		return Convocation{}, err
	}
	d, err := s.GetDisponibilite(ctx, l.Disponibilite)
	if err != nil {
		return Convocation{}, err
	}
	c, err := convocationDe(ctx, s, d)
	c.Confirme = l.Confirme
	return c, err
}

// convocationDe is the convocation of d: its session and the juries where
// d has a seat, each with that seat only.
func convocationDe(ctx context.Context, s *store.Store, d model.DisponibiliteJury) (Convocation, error) {
	var err error
	c := Convocation{Nom: d.Nom}
	if c.Session, err = s.GetSessionExamen(ctx, d.SessionID, ""); err != nil {
		return c, err
	}
	jurys, err := s.ListJurys(ctx, d.SessionID)
	if err != nil {
		return c, err
	}
	for _, j := range jurys {
		for _, m := range j.Membres {
			if m.DisponibiliteID == d.ID {
				j.Membres = []model.MembreJury{m}
				c.Jurys = append(c.Jurys, j)
				break
			}
		}
	}
	return c, nil
}

// LienConvocationUtilise reads a convocation link used already: what it
// answered (Confirme) and when, for the page that says « vous avez déjà
// confirmé » instead of « invalid link ». store.ErrJetonInvalide for a
// link never used.
func LienConvocationUtilise(ctx context.Context, s *store.Store, jeton string) (Convocation, time.Time, error) {
	raw, le, err := s.UsedJetonPayload(ctx, auth.HashToken(jeton), store.JetonConvocation)
	if err != nil {
		return Convocation{}, le, err
	}
	c, err := lireConvocation(ctx, s, raw)
	return c, le, err
}

// RepondreConvocation records a convened person's answer by the link of
// their mail: every seat of theirs in the session is confirmed, or marked
// prevented — then the exam division gets the replacement candidates of
// each jury.
func RepondreConvocation(ctx context.Context, s *store.Store, baseURL, jeton string, now time.Time) (confirme bool, nom string, err error) {
	err = s.InTx(ctx, func(tx *store.Store) error {
		j, err := tx.ConsumeJeton(ctx, auth.HashToken(jeton), store.JetonConvocation, now)
		if err != nil {
			return err
		}
		var l lienConvocation
		if err := json.Unmarshal(j.Payload, &l); err != nil {
			return err
		}
		confirme = l.Confirme
		d, err := tx.GetDisponibilite(ctx, l.Disponibilite)
		if err != nil {
			return err
		}
		nom = d.Nom
		return repondreConvocation(ctx, tx, baseURL, d, l.Confirme)
	})
	return confirme, nom, err
}

// RepondreConvocationConseiller is the same answer given by a signed-in
// CEE from their home, for their own convocation (disponibilité id):
// store.ErrNotFound for someone else's, or for a session not published.
func RepondreConvocationConseiller(ctx context.Context, s *store.Store, a Actor, baseURL string, disponibiliteID int64, confirme bool) (Convocation, error) {
	var c Convocation
	err := s.InTx(ctx, func(tx *store.Store) error {
		d, err := tx.GetDisponibilite(ctx, disponibiliteID)
		if err != nil {
			return err
		}
		if id, ok := policy.ConseillerDe(a.P); !ok || d.ConseillerID == 0 || id != d.ConseillerID {
			return store.ErrNotFound
		}
		if c, err = convocationDe(ctx, tx, d); err != nil {
			return err
		}
		if c.Session.Etat != model.SessionPubliee || len(c.Jurys) == 0 {
			return store.ErrNotFound
		}
		c.Confirme = confirme
		return repondreConvocation(ctx, tx, baseURL, d, confirme)
	})
	return c, err
}

// repondreConvocation sets every seat of d in its session to confirmed or
// prevented, with a journal line; a prevention tells the exam division,
// with replacement candidates for each jury.
func repondreConvocation(ctx context.Context, tx *store.Store, baseURL string, d model.DisponibiliteJury, confirme bool) error {
	jurys, err := tx.ListJurys(ctx, d.SessionID)
	if err != nil {
		return err
	}
	statut := "confirme"
	if !confirme {
		statut = "empeche"
	}
	var concernes []string
	for _, ju := range jurys {
		for _, m := range ju.Membres {
			if m.DisponibiliteID == d.ID {
				if err := tx.SetStatutMembre(ctx, m.ID, statut); err != nil {
					return err
				}
				concernes = append(concernes, ju.Code)
			}
		}
	}
	x, err := tx.GetSessionExamen(ctx, d.SessionID, "")
	if err != nil {
		return err
	}
	if err := tx.Audit(ctx, store.Entree{Email: d.Email, Action: store.AuditJury, ObjetType: "session", ObjetID: strconv.FormatInt(x.ID, 10),
		Academie: x.Academie, Detail: d.Nom + " : " + statut}); err != nil {
		return err
	}
	if confirme {
		return nil
	}
	lignes := []string{d.Nom + " est empêché(e) pour les jurys " + strings.Join(concernes, ", ") + "."}
	for _, ju := range jurys {
		if !slices.Contains(concernes, ju.Code) {
			continue
		}
		cands, err := Remplacants(ctx, tx, x.ID, ju.ID, 3)
		if err != nil {
			return err
		}
		if len(cands) == 0 {
			lignes = append(lignes, TitreJury(ju)+" : personne de disponible et compétent à portée.")
			continue
		}
		var noms []string
		for _, c := range cands {
			noms = append(noms, c.Nom)
		}
		lignes = append(lignes, TitreJury(ju)+" — remplaçants possibles : "+strings.Join(noms, ", ")+".")
	}
	agents, _, err := tx.ListComptes(ctx, store.CompteFilter{Scope: model.Scope{Academie: x.Academie}, Role: model.RoleExamens, Statut: model.CompteActif, Limit: 50})
	if err != nil {
		return err
	}
	for _, ag := range agents {
		if err := enqueueDemandeMail(ctx, tx, ag.Email, avis(model.NotifConvocation, "Empêchement : "+d.Nom+" ("+x.Nom+")", "/jurys/"+strconv.FormatInt(x.ID, 10)),
			mail.DemandeData{Sujet: "Empêchement : " + d.Nom + " (" + x.Nom + ")", Prenom: ag.Nom,
				Lignes: lignes, URL: baseURL + "/jurys/" + strconv.FormatInt(x.ID, 10), Bouton: "Ouvrir la session",
				Raison: "Vous recevez ce message parce que vous composez les jurys de l'académie."}); err != nil {
			return err
		}
	}
	return nil
}

// Remplacants lists up to n people who could take a seat in a jury now:
// competent, available on all its half-days and free then, within their
// distance, without a conflict, under their load; nearest first.
func Remplacants(ctx context.Context, s *store.Store, sessionID, jID int64, n int) ([]model.DisponibiliteJury, error) {
	m, err := RemplacantsJurys(ctx, s, sessionID, []int64{jID}, n)
	return m[jID], err
}

// OuvrirSession records an exam session (checked by the caller).
func OuvrirSession(ctx context.Context, s *store.Store, a Actor, x model.SessionExamen) (id int64, err error) {
	err = s.InTx(ctx, func(tx *store.Store) error {
		if id, err = tx.CreateSessionExamen(ctx, x); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditJury, "session", id, x.Academie, "session ouverte : "+x.Nom)
	})
	return id, err
}

// Verrouiller locks or unlocks a jury member against the optimiser's changes.
func Verrouiller(ctx context.Context, s *store.Store, membreID int64, on bool) error {
	return s.SetVerrou(ctx, membreID, on)
}

// NoterPresence records whether member m of session x sat.
func NoterPresence(ctx context.Context, s *store.Store, a Actor, x model.SessionExamen, m model.MembreJury, present bool) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetPresence(ctx, m.ID, present); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditJury, "session", x.ID, x.Academie, fmt.Sprintf("%s : présent %v", m.Nom, present))
	})
}

// EnregistrerRegle saves the composition rule of a diploma type; a
// store validation error comes back as it is, for the form.
func EnregistrerRegle(ctx context.Context, s *store.Store, a Actor, rg model.RegleDiplome) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SaveRegle(ctx, rg); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditJury, "regle", 0, "", fmt.Sprintf("%s : %d/%d", rg.Type, rg.PartNum, rg.PartDen))
	})
}

// RepondreDisponibilite saves a person's answer to an availability
// request, and for a professional of the wider network the specialities
// they can examine and, when given, their status (their college in the
// juries).
func RepondreDisponibilite(ctx context.Context, s *store.Store, d model.DisponibiliteJury, statut *model.StatutPro) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SaveReponseDisponibilite(ctx, d); err != nil {
			return err
		}
		if d.ProfessionnelID == 0 {
			return nil
		}
		// The specialities they say they can examine are added to theirs for
		// the next campaigns (the form offers only this session's; a CEE's
		// are on their profile).
		p, err := tx.GetProfessionnel(ctx, d.ProfessionnelID)
		if err != nil {
			return err
		}
		specs := slices.Clone(p.Specialites)
		for _, sp := range d.Specialites {
			if !slices.Contains(specs, sp) {
				specs = append(specs, sp)
			}
		}
		if len(specs) > len(p.Specialites) {
			if err := tx.SetSpecialitesProfessionnel(ctx, d.ProfessionnelID, specs); err != nil {
				return err
			}
		}
		if statut != nil {
			return tx.SetStatutPro(ctx, d.ProfessionnelID, *statut)
		}
		return nil
	})
}
