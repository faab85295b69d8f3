package workflow_test

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

// fixture is an académie with a pilote, a school's account and CEE in
// mandate, each with a monthly cap.
type fixture struct {
	s        *store.Store
	pilote   workflow.Actor
	ecole    workflow.Actor
	cees     []int64
	national store.DemandeFilter
}

func newFixture(t *testing.T, s *store.Store, caps ...int) fixture {
	t.Helper()
	ctx := context.Background()
	f := fixture{s: s, national: store.DemandeFilter{Scope: model.Scope{National: true}}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	pid, err := s.CreateCompte(ctx, model.Compte{Email: "pilote@ac-toulouse.fr", Nom: "Claire Martin", Statut: model.CompteActif})
	must(err)
	h := model.Habilitation{CompteID: pid, Role: model.RolePilote, Academie: "16"}
	_, err = s.AddHabilitation(ctx, h)
	must(err)
	f.pilote = workflow.Actor{Compte: model.Compte{ID: pid, Email: "pilote@ac-toulouse.fr"}, P: model.Principal{CompteID: pid, H: h}}
	lat, lon := 43.6, 1.44
	must(s.UpsertEtablissement(ctx, model.Etablissement{UAI: "0310024H", Nom: "Lycée professionnel du Mirail", Type: model.Lycee, Statut: "Public",
		CodeCommune: "31555", NomCommune: "Toulouse", Departement: "31", Academie: "16", Latitude: &lat, Longitude: &lon}))
	eid, err := s.CreateCompte(ctx, model.Compte{Email: "ddfpt@lycee.example", Nom: "Nathalie Roux", Statut: model.CompteActif})
	must(err)
	he := model.Habilitation{CompteID: eid, Role: model.RoleEtablissement, Academie: "16", Ref: "0310024H"}
	_, err = s.AddHabilitation(ctx, he)
	must(err)
	f.ecole = workflow.Actor{Compte: model.Compte{ID: eid, Email: "ddfpt@lycee.example"}, P: model.Principal{CompteID: eid, H: he}}
	for i, cap := range caps {
		email := "cee" + string(rune('a'+i)) + "@example.org"
		id, _, err := s.SaveConseiller(ctx, model.Conseiller{Academie: "16", Nom: "Conseiller", Prenom: string(rune('A' + i)), Email: email,
			CodeNAF: "43.21A", CodeCommune: "31555", NomCommune: "Toulouse", Departement: "31", Dispo: model.Disponibilite{MaxParMois: cap}})
		must(err)
		debut, fin := time.Now().AddDate(-1, 0, 0), time.Now().AddDate(2, 0, 0)
		_, err = s.CreateDesignation(ctx, model.Designation{ConseillerID: id, Academie: "16", Etat: model.DesignationActive, Debut: &debut, Fin: &fin})
		must(err)
		f.cees = append(f.cees, id)
	}
	return f
}

// demande submits a request of the school, n people wanted, in a week.
func (f fixture) demande(t *testing.T, personnes int) model.Demande {
	t.Helper()
	ctx := context.Background()
	day := time.Now().AddDate(0, 0, 7).Truncate(24 * time.Hour)
	d := model.Demande{Academie: "16", UAI: "0310024H", Departement: "31", CodeCommune: "31555", AuteurID: f.ecole.Compte.ID,
		Type: model.TypeIntervention, Titre: "Matinée des métiers de l'électricité", Personnes: personnes, NAF: []string{"43"},
		ContactEmail: "ddfpt@lycee.example", Creneaux: []model.Creneau{{Jour: day, Moment: "AM"}}}
	if errs := d.Errors(time.Now().Truncate(24 * time.Hour)); len(errs) > 0 {
		t.Fatalf("fixture request invalid: %v", errs)
	}
	id, err := workflow.EnregistrerDemande(ctx, f.s, f.ecole, "https://cee.example", d, true)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.s.GetDemande(ctx, id, f.national)
	if err != nil || got.Etat != model.DemandeEnRecherche {
		t.Fatalf("submitted request: %v %v", got.Etat, err)
	}
	return got
}

func (f fixture) solicit(t *testing.T, d model.Demande, cees ...int64) {
	t.Helper()
	f.solicitWiden(t, d, false, cees...)
}

func (f fixture) solicitWiden(t *testing.T, d model.Demande, widen bool, cees ...int64) {
	t.Helper()
	var choix []workflow.Choix
	for _, c := range cees {
		choix = append(choix, workflow.Choix{Conseiller: c, Raisons: "secteur"})
	}
	n, skipped, err := workflow.Solliciter(context.Background(), f.s, f.pilote, "https://cee.example", f.national, d.ID, choix, widen)
	if err != nil || n != len(cees) {
		t.Fatalf("solicited %d of %d (%v, skipped %v)", n, len(cees), err, skipped)
	}
}

var reponseLink = regexp.MustCompile(`/reponse/([A-Za-z0-9_-]+)`)

// links returns the accept and decline tokens last mailed to an address.
func links(t *testing.T, s *store.Store, to string) (accept, decline string) {
	t.Helper()
	jobs, err := s.ListJobs(context.Background(), "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs { // newest first
		var m mail.Message
		if json.Unmarshal(j.Payload, &m) != nil || len(m.To) == 0 || m.To[0] != to {
			continue
		}
		found := reponseLink.FindAllStringSubmatch(m.Text, -1)
		if len(found) == 2 {
			return found[0][1], found[1][1]
		}
	}
	t.Fatalf("no solicitation mail to %s", to)
	return "", ""
}

func lastMail(t *testing.T, s *store.Store, to, subject string) mail.Message {
	t.Helper()
	jobs, _ := s.ListJobs(context.Background(), "", 1000)
	for _, j := range jobs {
		var m mail.Message
		if json.Unmarshal(j.Payload, &m) == nil && len(m.To) > 0 && m.To[0] == to && strings.Contains(m.Subject, subject) {
			return m
		}
	}
	t.Fatalf("no mail to %s about %q", to, subject)
	return mail.Message{}
}

func mailsTo(t *testing.T, s *store.Store, to, subject string) int {
	t.Helper()
	jobs, _ := s.ListJobs(context.Background(), "", 1000)
	n := 0
	for _, j := range jobs {
		var m mail.Message
		if json.Unmarshal(j.Payload, &m) == nil && len(m.To) > 0 && m.To[0] == to && strings.Contains(m.Subject, subject) {
			n++
		}
	}
	return n
}

func TestSollicitationLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 0, 0)
		d := f.demande(t, 1)
		f.solicit(t, d, f.cees...)
		accept, decline := links(t, s, "ceea@example.org")
		// A tampered link is refused, as is a link of another purpose
		// used for the wrong answer: each link does one thing.
		if _, err := workflow.RepondreParLien(ctx, s, "https://x", accept[:len(accept)-2]+"xx", "", "", 0, time.Now()); !errors.Is(err, store.ErrJetonInvalide) {
			t.Errorf("tampered link: %v", err)
		}
		res, err := workflow.RepondreParLien(ctx, s, "https://x", accept, "", "", 0, time.Now())
		if err != nil || !res.Acceptee {
			t.Fatalf("accept: %+v %v", res, err)
		}
		if _, err := workflow.RepondreParLien(ctx, s, "https://x", accept, "", "", 0, time.Now()); !errors.Is(err, store.ErrJetonInvalide) {
			t.Errorf("reused link: %v", err)
		}
		// Both sides get a calendar invitation for the half-day.
		for _, to := range []string{"ceea@example.org", "ddfpt@lycee.example"} {
			m := lastMail(t, s, to, "particip")
			if len(m.Attachments) != 1 || !strings.HasPrefix(m.Attachments[0].ContentType, "text/calendar") ||
				!strings.Contains(string(m.Attachments[0].Data), "METHOD:REQUEST") || !strings.Contains(string(m.Attachments[0].Data), "ATTENDEE") {
				t.Errorf("invitation to %s: %+v", to, m.Attachments)
			}
		}
		// The other link of the same solicitation now finds it answered.
		if _, err := workflow.RepondreParLien(ctx, s, "https://x", decline, "", "", 0, time.Now()); !errors.Is(err, workflow.ErrDejaRepondu) {
			t.Errorf("decline after accept: %v", err)
		}
		// One person wanted: the request is filled, the other CEE told.
		got, _ := s.GetDemande(ctx, d.ID, f.national)
		if got.Etat != model.DemandePourvue || got.Acceptees != 1 {
			t.Errorf("request: %s, %d accepted", got.Etat, got.Acceptees)
		}
		if mailsTo(t, s, "ceeb@example.org", "Plus nécessaire") != 1 {
			t.Error("the other CEE was not told they are no longer needed")
		}
		list, _ := s.ListSollicitations(ctx, d.ID)
		if list[1].Etat != model.SollicitationAnnulee {
			t.Errorf("other solicitation: %s", list[1].Etat)
		}
		_, declineB := links(t, s, "ceeb@example.org")
		if _, err := workflow.RepondreParLien(ctx, s, "https://x", declineB, "", "", 0, time.Now()); !errors.Is(err, workflow.ErrDejaRepondu) {
			t.Errorf("answer after filled: %v", err)
		}
		// An expired link is refused.
		d2 := f.demande(t, 1)
		f.solicit(t, d2, f.cees[1])
		_, decl := links(t, s, "ceeb@example.org")
		if _, err := workflow.RepondreParLien(ctx, s, "https://x", decl, "Trop loin", "", 0, time.Now().AddDate(0, 0, 11)); !errors.Is(err, store.ErrJetonInvalide) {
			t.Errorf("expired link: %v", err)
		}
		res, err = workflow.RepondreParLien(ctx, s, "https://x", decl, "Trop loin", "", 0, time.Now())
		if err != nil || res.Acceptee {
			t.Fatalf("decline: %+v %v", res, err)
		}
		if list, _ := s.ListSollicitations(ctx, d2.ID); list[0].Etat != model.SollicitationDeclinee || list[0].Motif != "Trop loin" {
			t.Errorf("declined: %+v", list[0])
		}
	})
}

// Two acceptances at once by a CEE whose cap allows one more: exactly one
// is recorded. (Sending already respects the cap: the second solicitation
// goes out only because the pilote widened the search.)
func TestCapUnderConcurrentAcceptances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 1)
		first := f.demande(t, 1)
		f.solicit(t, first, f.cees[0])
		second := f.demande(t, 1)
		if n, skipped, _ := workflow.Solliciter(ctx, s, f.pilote, "https://x", f.national, second.ID, []workflow.Choix{{Conseiller: f.cees[0]}}, false); n != 0 || len(skipped) != 1 {
			t.Fatalf("over the cap without widening: sent %d, skipped %v", n, skipped)
		}
		var tokens []string
		for i, d := range []model.Demande{first, second} {
			if i == 1 {
				f.solicitWiden(t, d, true, f.cees[0])
			}
			a, _ := links(t, s, "ceea@example.org")
			tokens = append(tokens, a)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, tok := range tokens {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = workflow.RepondreParLien(ctx, s, "https://x", tok, "", "", 0, time.Now())
			}()
		}
		wg.Wait()
		ok, capped := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, workflow.ErrPlafond):
				capped++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		month := time.Date(time.Now().Year(), time.Now().Month(), 1, 0, 0, 0, 0, time.UTC)
		n, _ := s.CountSollicitations(ctx, f.cees[0], model.SollicitationAcceptee, month)
		if ok != 1 || capped != 1 || n != 1 {
			t.Errorf("accepted %d, capped %d, recorded %d: want 1, 1, 1", ok, capped, n)
		}
	})
}

// Reminders after 3 and 6 days, expiry after the académie's delay, and the
// request expired at its deadline, all driven by the clock given.
func TestRelancesEtExpiration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 0)
		d := f.demande(t, 1)
		f.solicit(t, d, f.cees[0])
		now := time.Now()
		run := func(at time.Time) {
			t.Helper()
			if err := workflow.SuivreDemandes(ctx, s, "https://x", at); err != nil {
				t.Fatal(err)
			}
		}
		run(now.Add(2 * 24 * time.Hour))
		if n := mailsTo(t, s, "ceea@example.org", "Rappel"); n != 0 {
			t.Errorf("day 2: %d reminders", n)
		}
		run(now.Add(3*24*time.Hour + time.Hour))
		run(now.Add(3*24*time.Hour + 2*time.Hour)) // hourly runs send it once
		if n := mailsTo(t, s, "ceea@example.org", "Rappel"); n != 1 {
			t.Errorf("day 3: %d reminders, want 1", n)
		}
		run(now.Add(6*24*time.Hour + time.Hour))
		if n := mailsTo(t, s, "ceea@example.org", "Rappel"); n != 2 {
			t.Errorf("day 6: %d reminders, want 2", n)
		}
		// The request's deadline (the day before) passes first: it expires,
		// and its open solicitation is closed.
		run(now.Add(7 * 24 * time.Hour))
		got, _ := s.GetDemande(ctx, d.ID, f.national)
		if got.Etat != model.DemandeExpiree {
			t.Fatalf("request after its deadline: %s", got.Etat)
		}
		if list, _ := s.ListSollicitations(ctx, d.ID); list[0].Etat != model.SollicitationAnnulee {
			t.Errorf("solicitation of an expired request: %s", list[0].Etat)
		}
		if mailsTo(t, s, "ddfpt@lycee.example", "Personne n'a pu") != 1 {
			t.Error("requester not told of the expiry")
		}
		// A solicitation unanswered past the académie's delay expires.
		d2 := f.demande(t, 1)
		if err := s.SetEcheance(ctx, d2.ID, time.Now().AddDate(0, 1, 0)); err != nil {
			t.Fatal(err)
		}
		f.solicit(t, d2, f.cees[0])
		run(now.Add(10*24*time.Hour + time.Hour))
		if list, _ := s.ListSollicitations(ctx, d2.ID); list[0].Etat != model.SollicitationExpiree {
			t.Errorf("solicitation after 10 days: %s", list[0].Etat)
		}
	})
}

// The whole life of a request after it is filled: done after its date,
// the CEE's report, the requester's rating; an action with its hours.
func TestCompteRenduEtEvaluation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 0)
		d := f.demande(t, 1)
		f.solicit(t, d, f.cees[0])
		a, _ := links(t, s, "ceea@example.org")
		if _, err := workflow.RepondreParLien(ctx, s, "https://x", a, "", "", 0, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := workflow.Evaluer(ctx, s, f.ecole, f.national, d.ID, 5, "Top"); err == nil {
			t.Error("rated before it took place")
		}
		if err := workflow.SuivreDemandes(ctx, s, "https://x", time.Now().AddDate(0, 0, 9)); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetDemande(ctx, d.ID, f.national); got.Etat != model.DemandeRealisee {
			t.Fatalf("after its date: %s", got.Etat)
		}
		if mailsTo(t, s, "ceea@example.org", "Comment s'est passée") != 1 {
			t.Error("CEE not asked for the report")
		}
		passer(t, s, d.ID, 1) // the report comes after the action
		cee := workflow.Actor{P: model.Principal{H: model.Habilitation{Role: model.RoleConseiller, Academie: "16", Ref: itoa(f.cees[0])}}}
		if err := workflow.CompteRendu(ctx, s, cee, "https://x", f.national, d.ID, model.Intervention{ConseillerID: f.cees[0],
			Date: time.Now(), DureeMinutes: 150, Eleves: 28}); err != nil {
			t.Fatal(err)
		}
		list, _ := s.ListInterventions(ctx, f.cees[0], time.Time{}, time.Time{})
		if len(list) != 1 || list[0].DemandeID != d.ID || list[0].Heures() != 2.5 {
			t.Fatalf("action: %+v", list)
		}
		if err := workflow.Evaluer(ctx, s, f.ecole, f.national, d.ID, 6, ""); err == nil {
			t.Error("rating 6 accepted")
		}
		if err := workflow.Evaluer(ctx, s, f.ecole, f.national, d.ID, 4, "Élèves ravis"); err != nil {
			t.Fatal(err)
		}
		got, _ := s.GetDemande(ctx, d.ID, f.national)
		note, comment, _ := s.Evaluation(ctx, d.ID)
		if got.Etat != model.DemandeCloturee || note != 4 || comment != "Élèves ravis" {
			t.Errorf("closed: %s %d %q", got.Etat, note, comment)
		}
		act, _ := s.ActiviteConseillers(ctx, "16", time.Now())
		if a := act[f.cees[0]]; a.AccepteesAn != 1 || a.NbNotes != 1 || a.NoteMoyenne != 4 {
			t.Errorf("activity for the matching: %+v", a)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// The hourly pass handles its solicitations in several transactions: each
// one due is reminded once, whichever batch it falls in, and a second
// pass in the same hour sends nothing more.
func TestSuivreDemandesParLots(t *testing.T) {
	defer workflow.SetSuiviLot(4)()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 0, 0, 0)
		for range 3 {
			f.solicit(t, f.demande(t, 1), f.cees...) // 9 solicitations: 3 batches
		}
		at := time.Now().Add(3*24*time.Hour + time.Hour)
		for range 2 {
			if err := workflow.SuivreDemandes(ctx, s, "https://x", at); err != nil {
				t.Fatal(err)
			}
		}
		for _, to := range []string{"ceea@example.org", "ceeb@example.org", "ceec@example.org"} {
			if n := mailsTo(t, s, to, "Rappel"); n != 3 {
				t.Errorf("%s: %d reminders, want 3 (one per request)", to, n)
			}
		}
	})
}
