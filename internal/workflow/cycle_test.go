package workflow_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"cee/internal/match"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

// passer moves a request's dates to the days before today, as if its time
// had come: the workflow reads the real clock, and a request cannot be
// submitted with past dates.
func passer(t *testing.T, s *store.Store, id int64, jours int) {
	t.Helper()
	day := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -jours)
	if _, err := s.DB().ExecContext(context.Background(), `UPDATE demandes SET creneaux = $1, premier_jour = $2, dernier_jour = $2,
		creneau_retenu = '' WHERE id = $3`, day.Format("2006-01-02")+"AM", day, id); err != nil {
		t.Fatal(err)
	}
}

// The request's state machine with the rules of issue 16, on both
// databases: who may move it where, not done nor rated before its last day,
// and a request filled by hand, cancelled or expired closes every
// solicitation still waiting, tells each person once and reminds nobody.
func TestCycleDemande(t *testing.T) {
	type cas struct {
		nom     string
		etat    model.EtatDemande // forced before the change
		passee  bool              // the action's day has passed
		ecole   bool              // the school acts (else the pilote)
		accepte bool              // the first CEE accepted (2 people wanted)
		to      model.EtatDemande
		motif   string
		veut    string // part of the refusal's message; "" for success
		// closes are the solicitations the change closes, and the subject
		// of the one mail each person gets.
		closes int
		sujet  string
	}
	cases := []cas{
		{nom: "réalisée avant la date, par l'école", etat: model.DemandePourvue, ecole: true, to: model.DemandeRealisee, veut: "ne peut être déclarée réalisée"},
		{nom: "réalisée avant la date, par le pilote", etat: model.DemandePourvue, to: model.DemandeRealisee, veut: "ne peut être déclarée réalisée"},
		{nom: "réalisée le jour passé", etat: model.DemandePourvue, passee: true, ecole: true, to: model.DemandeRealisee},
		{nom: "pourvue à la main", etat: model.DemandeEnRecherche, to: model.DemandePourvue, closes: 2, sujet: "Plus nécessaire"},
		{nom: "pourvue à la main, un accepté", etat: model.DemandeEnRecherche, accepte: true, to: model.DemandePourvue, closes: 1, sujet: "Plus nécessaire"},
		{nom: "pourvue par l'école : refusé", etat: model.DemandeEnRecherche, ecole: true, to: model.DemandePourvue, veut: "impossible pour vous"},
		{nom: "annulée, acceptés compris", etat: model.DemandeEnRecherche, accepte: true, ecole: true, to: model.DemandeAnnulee, motif: "Sortie reportée", closes: 2, sujet: "Demande annulée"},
		{nom: "annulée sans motif", etat: model.DemandeEnRecherche, to: model.DemandeAnnulee, veut: "indiquez pourquoi"},
		{nom: "réalisée en recherche : refusé", etat: model.DemandeEnRecherche, to: model.DemandeRealisee, veut: "impossible pour vous"},
		{nom: "évaluée avant la date", etat: model.DemandeRealisee, ecole: true, to: model.DemandeCloturee, veut: "ni évaluée"},
		{nom: "évaluée après la date", etat: model.DemandeRealisee, passee: true, ecole: true, to: model.DemandeCloturee},
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 0, 0)
		for _, c := range cases {
			t.Run(c.nom, func(t *testing.T) {
				d := f.demande(t, 2)
				f.solicit(t, d, f.cees...)
				if c.accepte {
					a, _ := links(t, s, "ceea@example.org")
					if _, err := workflow.RepondreParLien(ctx, s, "https://x", a, "", "", 0, time.Now()); err != nil {
						t.Fatal(err)
					}
				}
				if c.etat != model.DemandeEnRecherche {
					if err := s.SetEtatDemande(ctx, d.ID, model.DemandeEnRecherche, c.etat, ""); err != nil {
						t.Fatal(err)
					}
				}
				if c.passee {
					passer(t, s, d.ID, 1)
				}
				before := map[string]int{}
				for _, to := range []string{"ceea@example.org", "ceeb@example.org"} {
					before[to] = mailsTo(t, s, to, c.sujet)
				}
				actor := f.pilote
				if c.ecole {
					actor = f.ecole
				}
				var err error
				if c.to == model.DemandeCloturee {
					err = workflow.Evaluer(ctx, s, actor, f.national, d.ID, 5, "")
				} else {
					err = workflow.ChangerEtatDemande(ctx, s, actor, "https://x", f.national, d.ID, c.to, c.motif, time.Time{})
				}
				got, _ := s.GetDemande(ctx, d.ID, f.national)
				if c.veut != "" {
					if !errors.Is(err, workflow.ErrRefus) || !strings.Contains(err.Error(), c.veut) {
						t.Fatalf("want a refusal with %q, got %v", c.veut, err)
					}
					if got.Etat != c.etat {
						t.Errorf("refused, yet the request moved to %s", got.Etat)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got.Etat != c.to {
					t.Errorf("state %s, want %s", got.Etat, c.to)
				}
				list, _ := s.ListSollicitations(ctx, d.ID)
				closed := 0
				for _, so := range list {
					if so.Etat == model.SollicitationAnnulee {
						closed++
						if n := mailsTo(t, s, so.Email, c.sujet) - before[so.Email]; n != 1 {
							t.Errorf("%s told %d times, want once", so.Email, n)
						}
					}
					if so.Etat == model.SollicitationEnvoyee && c.closes > 0 {
						t.Errorf("%s still waits for an answer", so.Email)
					}
				}
				if closed != c.closes {
					t.Errorf("%d solicitations closed, want %d", closed, c.closes)
				}
				// Nobody closed is reminded.
				if err := workflow.SuivreDemandes(ctx, s, "https://x", time.Now().Add(3*24*time.Hour+time.Hour)); err != nil {
					t.Fatal(err)
				}
				list, _ = s.ListSollicitations(ctx, d.ID)
				for _, so := range list {
					if so.Etat == model.SollicitationAnnulee && so.Relances > 0 {
						t.Errorf("%s reminded after the request closed", so.Email)
					}
				}
			})
		}
	})
}

// Not rated nor reported before the last day, and a rating out of range is
// refused with its field.
func TestEvaluationEtCompteRenduAvantLaDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 0)
		d := f.demande(t, 1)
		f.solicit(t, d, f.cees[0])
		a, _ := links(t, s, "ceea@example.org")
		if _, err := workflow.RepondreParLien(ctx, s, "https://x", a, "", "", 0, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := s.SetEtatDemande(ctx, d.ID, model.DemandePourvue, model.DemandeRealisee, ""); err != nil {
			t.Fatal(err)
		}
		if err := workflow.Evaluer(ctx, s, f.ecole, f.national, d.ID, 4, ""); err == nil || !strings.Contains(err.Error(), "à partir de ce jour") {
			t.Errorf("rated before its day: %v", err)
		}
		cee := workflow.Actor{P: model.Principal{H: model.Habilitation{Role: model.RoleConseiller, Academie: "16", Ref: itoa(f.cees[0])}}}
		err := workflow.CompteRendu(ctx, s, cee, "https://x", f.national, d.ID, model.Intervention{ConseillerID: f.cees[0], Date: time.Now(), DureeMinutes: 60})
		if e, ok := model.ErreurUtilisateur(err); !ok || e.Genre != model.GenreRefus {
			t.Errorf("report before its day: %v", err)
		}
		for _, note := range []int{0, 6, -1} {
			err := workflow.Evaluer(ctx, s, f.ecole, f.national, d.ID, note, "")
			if e, ok := model.ErreurUtilisateur(err); !ok || e.Champ != "note" {
				t.Errorf("note %d: %v", note, err)
			}
		}
		passer(t, s, d.ID, 0) // today is the last day: allowed
		if err := workflow.Evaluer(ctx, s, f.ecole, f.national, d.ID, 4, ""); err != nil {
			t.Errorf("rated on its day: %v", err)
		}
	})
}

// A CEE who passes their solicitation on to a professional of their
// network is not reminded for it, and it counts as an answer.
func TestTransmissionArreteLesRappels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 0)
		d := f.demande(t, 1)
		f.solicit(t, d, f.cees[0])
		now := time.Now()
		pro, err := s.CreateProfessionnel(ctx, model.Professionnel{Academie: "16", ConseillerID: f.cees[0], Prenom: "Paul", Nom: "Artisan",
			Email: "paul@artisan.example", Departement: "31", CodeCommune: "31555", Consent: model.Consentement{Interventions: true}, ConsentLe: &now})
		if err != nil {
			t.Fatal(err)
		}
		list, _ := s.ListSollicitations(ctx, d.ID)
		cee := workflow.Actor{P: model.Principal{H: model.Habilitation{Role: model.RoleConseiller, Academie: "16", Ref: itoa(f.cees[0])}}}
		if err := workflow.Transmettre(ctx, s, cee, "https://x", list[0].ID, pro); err != nil {
			t.Fatal(err)
		}
		for _, day := range []int{3, 6} {
			if err := workflow.SuivreDemandes(ctx, s, "https://x", now.Add(time.Duration(day)*24*time.Hour+time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		if n := mailsTo(t, s, "ceea@example.org", "Rappel"); n != 0 {
			t.Errorf("the CEE who passed it on got %d reminders", n)
		}
		if n := mailsTo(t, s, "paul@artisan.example", "Rappel"); n != 2 {
			t.Errorf("the professional got %d reminders, want 2", n)
		}
		act, _ := s.ActiviteConseillers(ctx, "16", now)
		if a := act[f.cees[0]]; a.Sollicitees != 1 || a.Repondues != 1 {
			t.Errorf("response rate of the CEE: %d answered of %d", a.Repondues, a.Sollicitees)
		}
	})
}

// What the solicitation mail promises on expiry happens: the request is
// back in the pilote's « À traiter », its ranking proposes the next
// candidates, and the pilotes are told.
func TestExpirationTientLaPromesse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 0, 0)
		d := f.demande(t, 1)
		if err := s.SetEcheance(ctx, d.ID, time.Now().AddDate(0, 1, 0)); err != nil {
			t.Fatal(err)
		}
		f.solicit(t, d, f.cees[0])
		m := lastMail(t, s, "ceea@example.org", "besoin de vous")
		if !strings.Contains(m.Text, "la demande sera proposée à d'autres personnes") {
			t.Fatalf("the mail's promise changed: %s", m.Text)
		}
		att, _ := s.AttentesPilote(ctx, "16", time.Now())
		if att.ASolliciter != 0 {
			t.Fatalf("before expiry: %d to solicit", att.ASolliciter)
		}
		if err := workflow.SuivreDemandes(ctx, s, "https://x", time.Now().Add(10*24*time.Hour+time.Hour)); err != nil {
			t.Fatal(err)
		}
		if att, _ = s.AttentesPilote(ctx, "16", time.Now()); att.ASolliciter != 1 {
			t.Errorf("after expiry: %d request(s) in « À traiter », want 1", att.ASolliciter)
		}
		if n := mailsTo(t, s, "pilote@ac-toulouse.fr", "Sans réponse"); n != 1 {
			t.Errorf("pilote told %d times", n)
		}
		if m := lastMail(t, s, "pilote@ac-toulouse.fr", "Sans réponse"); !strings.Contains(m.Text, "candidats suivants") {
			t.Errorf("pilote's mail: %s", m.Text)
		}
		d, _ = s.GetDemande(ctx, d.ID, f.national)
		cl, err := workflow.Classer(ctx, s, d, match.Options{Limite: -1})
		if err != nil {
			t.Fatal(err)
		}
		if len(cl.Resultats) != 1 || cl.Resultats[0].ID != f.cees[1] {
			t.Errorf("next candidates: %+v, want only the CEE not solicited yet", cl.Resultats)
		}
	})
}

// Alternative dates: the first person who accepts chooses one; only that
// date goes into the calendars, and the action ends with it.
func TestDatesAuChoix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 0)
		day := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, 7)
		d := model.Demande{Academie: "16", UAI: "0310024H", Departement: "31", CodeCommune: "31555", AuteurID: f.ecole.Compte.ID,
			Type: model.TypeIntervention, Titre: "Atelier", Personnes: 1, ContactEmail: "ddfpt@lycee.example", DatesAuChoix: true,
			Creneaux: []model.Creneau{{Jour: day, Moment: "AM"}, {Jour: day.AddDate(0, 0, 7), Moment: "PM"}}}
		id, err := workflow.EnregistrerDemande(ctx, s, f.ecole, "https://x", d, true)
		if err != nil {
			t.Fatal(err)
		}
		d, _ = s.GetDemande(ctx, id, f.national)
		f.solicit(t, d, f.cees[0])
		a, _ := links(t, s, "ceea@example.org")
		if _, err := workflow.RepondreParLien(ctx, s, "https://x", a, "", "", 0, time.Now()); err == nil {
			t.Fatal("accepted without choosing the date")
		}
		if _, err := workflow.RepondreParLien(ctx, s, "https://x", a, "", day.AddDate(0, 0, 1).Format("2006-01-02")+"AM", 0, time.Now()); err == nil {
			t.Fatal("accepted a date not proposed")
		}
		chosen := day.AddDate(0, 0, 7).Format("2006-01-02") + "PM"
		res, err := workflow.RepondreParLien(ctx, s, "https://x", a, "", chosen, 0, time.Now())
		if err != nil || !res.Acceptee {
			t.Fatalf("accept with a date (the link must still work after the refusals): %+v %v", res, err)
		}
		got, _ := s.GetDemande(ctx, id, f.national)
		if got.Retenu == nil || got.Retenu.String() != chosen || !got.DernierJour().Equal(day.AddDate(0, 0, 7)) {
			t.Errorf("date retained: %+v, last day %v", got.Retenu, got.DernierJour())
		}
		for _, to := range []string{"ceea@example.org", "ddfpt@lycee.example"} {
			m := lastMail(t, s, to, "particip")
			if len(m.Attachments) != 1 || !strings.Contains(m.Attachments[0].Name, chosen) {
				t.Errorf("invitations to %s: %d, want one for %s", to, len(m.Attachments), chosen)
			}
		}
		// The scheduler waits for the retained day, not the first one.
		if err := workflow.SuivreDemandes(ctx, s, "https://x", time.Now().AddDate(0, 0, 9)); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetDemande(ctx, id, f.national); got.Etat != model.DemandePourvue {
			t.Errorf("after the first alternative, before the retained day: %s", got.Etat)
		}
	})
}

// A professional's monthly cap, stated on their consent page or the
// académie's default, is applied like a CEE's: by the ranking, by sending,
// and on acceptance.
func TestPlafondProfessionnel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 0)
		now := time.Now()
		mk := func(email string, c model.Consentement) int64 {
			id, err := s.CreateProfessionnel(ctx, model.Professionnel{Academie: "16", ConseillerID: f.cees[0], Prenom: "P", Nom: email,
				Email: email, Departement: "31", CodeCommune: "31555", Consent: c, ConsentLe: &now})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		un := mk("un@pro.example", model.Consentement{Interventions: true, MaxParMois: 1})
		defaut := mk("defaut@pro.example", model.Consentement{Interventions: true}) // the académie's 2
		send := func(d model.Demande, pro int64) int {
			n, _, err := workflow.Solliciter(ctx, s, f.pilote, "https://x", f.national, d.ID, []workflow.Choix{{Professionnel: pro}}, false)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		var ds []model.Demande
		for range 3 {
			ds = append(ds, f.demande(t, 1))
		}
		if send(ds[0], un) != 1 || send(ds[1], un) != 0 {
			t.Error("cap of 1: the second solicitation went out")
		}
		if send(ds[0], defaut) != 1 || send(ds[1], defaut) != 1 || send(ds[2], defaut) != 0 {
			t.Error("académie's default cap of 2 not applied")
		}
		cl, err := workflow.Classer(ctx, s, ds[2], match.Options{Limite: -1, Type: match.Professionnel})
		if err != nil {
			t.Fatal(err)
		}
		if len(cl.Resultats) != 0 || cl.Exclus.Nombre(match.MotifPlafond) != 2 {
			t.Errorf("ranking: %d proposed, %d at their cap, want 0 and 2", len(cl.Resultats), cl.Exclus.Nombre(match.MotifPlafond))
		}
		// The académie raises its default: the professional is proposed again.
		p, _ := s.GetParametres(ctx, "16")
		p.PlafondProfessionnel = 5
		if err := s.SaveParametres(ctx, p); err != nil {
			t.Fatal(err)
		}
		if n := send(ds[2], defaut); n != 1 {
			t.Error("raised default not applied")
		}
	})
}

// A CEE farther than the request's type allows (or than they go) is not
// proposed, counted « trop loin », and reachable by widening.
func TestDistanceMaximale(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 0)
		// A CEE in Foix (Ariège), 80 km from the school in Toulouse.
		id, _, err := s.SaveConseiller(ctx, model.Conseiller{Academie: "16", Nom: "Loin", Prenom: "Léa", Email: "loin@example.org",
			CodeNAF: "43.21A", CodeCommune: "09122", NomCommune: "Foix", Departement: "09"})
		if err != nil {
			t.Fatal(err)
		}
		debut, fin := time.Now().AddDate(-1, 0, 0), time.Now().AddDate(2, 0, 0)
		if _, err := s.CreateDesignation(ctx, model.Designation{ConseillerID: id, Academie: "16", Etat: model.DesignationActive, Debut: &debut, Fin: &fin}); err != nil {
			t.Fatal(err)
		}
		d := f.demande(t, 1) // an intervention: 40 km by default
		cl, err := workflow.Classer(ctx, s, d, match.Options{Limite: -1})
		if err != nil {
			t.Fatal(err)
		}
		if len(cl.Resultats) != 1 || cl.Resultats[0].ID != f.cees[0] || cl.Exclus.Nombre(match.MotifTropLoin) != 1 {
			t.Fatalf("strict: %+v, %s", cl.Resultats, cl.Exclus.Libelle())
		}
		cl, _ = workflow.Classer(ctx, s, d, match.Options{Limite: -1, IgnorerDistance: true})
		if len(cl.Resultats) != 2 || !cl.Resultats[1].Elargi || cl.Resultats[1].ID != id {
			t.Fatalf("widened: %+v", cl.Resultats)
		}
		// The pilote sets 100 km for interventions and people: she is in;
		// her own 50 km keep her out.
		p, _ := s.GetParametres(ctx, "16")
		p.DistancesTypes, p.DistancePersonneKm = map[model.TypeDemande]int{model.TypeIntervention: 100}, 100
		if err := s.SaveParametres(ctx, p); err != nil {
			t.Fatal(err)
		}
		if cl, _ = workflow.Classer(ctx, s, d, match.Options{Limite: -1}); len(cl.Resultats) != 2 {
			t.Errorf("at 100 km: %d proposed", len(cl.Resultats))
		}
		c, _ := s.GetConseillerInScope(ctx, id, model.Scope{National: true})
		c.Dispo.DistanceMaxKm = 50
		if _, _, err := s.SaveConseiller(ctx, c); err != nil {
			t.Fatal(err)
		}
		if cl, _ = workflow.Classer(ctx, s, d, match.Options{Limite: -1}); len(cl.Resultats) != 1 || cl.Exclus.Nombre(match.MotifTropLoin) != 1 {
			t.Errorf("her own 50 km: %d proposed, %s", len(cl.Resultats), cl.Exclus.Libelle())
		}
	})
}
