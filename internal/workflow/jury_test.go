package workflow_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

// A session on both databases: juries imported (all or nothing), the
// campaign and its reminders driven by the clock given, the composition
// (hard constraints rechecked independently), a swap refused when it breaks
// one, publication, and a prevented person's replacements sent to the exam
// division.
func TestSessionJurys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)  // a pilote, a lycée in Toulouse
		const cap = "50022137" // CAP Boulanger
		aid, _ := s.CreateCompte(ctx, model.Compte{Email: "dec@ac-toulouse.fr", Nom: "Isabelle Moreau", Statut: model.CompteActif})
		s.AddHabilitation(ctx, model.Habilitation{CompteID: aid, Role: model.RoleExamens, Academie: "16"})
		agent := workflow.Actor{Compte: model.Compte{ID: aid, Email: "dec@ac-toulouse.fr"}, P: model.Principal{CompteID: aid,
			H: model.Habilitation{Role: model.RoleExamens, Academie: "16"}}}
		// Four CEE able to examine CAP Boulanger, two employers and two
		// employees, at Toulouse and Albi (about 70 km away).
		for i, c := range []struct {
			statut  model.StatutPro
			commune string
		}{{model.StatutEmployeur, "31555"}, {model.StatutSalarie, "31555"}, {model.StatutArtisan, "81004"}, {model.StatutSalarie, "81004"}} {
			email := "jury" + string(rune('a'+i)) + "@example.org"
			id, _, err := s.SaveConseiller(ctx, model.Conseiller{Academie: "16", Nom: "Juré", Prenom: string(rune('A' + i)), Email: email,
				StatutPro: c.statut, CodeCommune: c.commune, Specialites: []string{cap}})
			if err != nil {
				t.Fatal(err)
			}
			debut, fin := time.Now().AddDate(-1, 0, 0), time.Now().AddDate(2, 0, 0)
			s.CreateDesignation(ctx, model.Designation{ConseillerID: id, Academie: "16", Etat: model.DesignationActive, Debut: &debut, Fin: &fin})
		}
		sid, err := s.CreateSessionExamen(ctx, model.SessionExamen{Academie: "16", Nom: "session de juin 2027",
			Debut: time.Date(2027, 6, 14, 0, 0, 0, 0, time.UTC), Fin: time.Date(2027, 6, 18, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		head := "code;diplome;uai;demi_journees;sieges;employeurs;salaries;enseignants;conflits\n"
		x, _ := s.GetSessionExamen(ctx, sid, "16")
		res := importJurys(t, s, agent, x, head+"J1;"+cap+";0310024H;2027-06-14AM;2;1;1;2;\nJ2;12345678;0310024H;2027-06-14AM;2;1;1;2;\n")
		if res.Ecrit || len(res.Erreurs) != 1 || res.Erreurs[0].Ligne != 3 {
			t.Fatalf("bad line: %+v", res)
		}
		if js, _ := s.ListJurys(ctx, sid); len(js) != 0 {
			t.Fatal("a file with a bad line wrote juries")
		}
		// Two juries the same morning (nobody can sit both), one the next day
		// that must not see people tied to the lycée.
		res = importJurys(t, s, agent, x, head+
			"J1;"+cap+";0310024H;2027-06-14AM;2;1;1;2;\nJ2;"+cap+";0310024H;2027-06-14AM;2;1;1;2;\nJ3;"+cap+";0310024H;2027-06-15AM 2027-06-15PM;1;0;1;1;0310024H\n")
		if !res.Ecrit || len(res.Erreurs) != 0 || res.Crees != 3 {
			t.Fatalf("import: %+v", res)
		}
		echeance := time.Now().AddDate(0, 0, 10)
		if n, err := workflow.DecompteCampagne(ctx, s, x); err != nil || n != 4 {
			t.Fatalf("count before the campaign: %d %v", n, err)
		}
		if _, err := workflow.LancerCampagne(ctx, s, agent, "https://cee.example", x, echeance, 5); !errors.Is(err, workflow.ErrDecompte) {
			t.Fatalf("stale confirmation of the campaign: %v", err)
		}
		if dispos, _ := s.ListDisponibilites(ctx, x.ID); len(dispos) != 0 {
			t.Fatalf("a stale confirmation asked %d people", len(dispos))
		}
		n, err := workflow.LancerCampagne(ctx, s, agent, "https://cee.example", x, echeance, 4)
		if err != nil || n != 4 {
			t.Fatalf("campaign: %d %v", n, err)
		}
		// Reminders: none 9 days before, one at 6, another at 1; once each.
		for _, d := range []int{1, 4, 4, 9, 9} {
			if err := workflow.RelancesDisponibilites(ctx, s, "https://cee.example", time.Now().AddDate(0, 0, d)); err != nil {
				t.Fatal(err)
			}
		}
		if got := mailsTo(t, s, "jurya@example.org", "Rappel"); got != 2 {
			t.Errorf("%d reminders, want 2", got)
		}
		dispos, _ := s.ListDisponibilites(ctx, sid)
		for i, d := range dispos {
			d.DemiJournees, d.MaxDemiJournees, d.MaxKm = []string{"2027-06-14AM", "2027-06-15AM", "2027-06-15PM"}, 4, 100
			if i == 0 {
				d.Liens = []string{"0310024H"} // tied to the lycée: never in J3
			}
			if err := s.SaveReponseDisponibilite(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		x, _ = s.GetSessionExamen(ctx, sid, "16")
		if err := workflow.LancerComposition(ctx, s, agent, x); err != nil {
			t.Fatal(err)
		}
		if err := workflow.Composer(ctx, s, sid, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		x, _ = s.GetSessionExamen(ctx, sid, "16")
		if x.Etat != model.SessionComposee || x.Progression != 100 || !strings.Contains(x.Resultat, "lower_bound") {
			t.Fatalf("after composing: %s %d%%", x.Etat, x.Progression)
		}
		problems, err := workflow.Verifier(ctx, s, sid)
		if err != nil || len(problems) != 0 {
			t.Fatalf("composition breaks constraints: %v %v", problems, err)
		}
		jurys, _ := s.ListJurys(ctx, sid)
		seated := 0
		for _, j := range jurys {
			seated += len(j.Membres)
			for _, m := range j.Membres {
				if j.Code == "J3" && m.DisponibiliteID == dispos[0].ID {
					t.Error("a person tied to the centre sits in J3")
				}
			}
		}
		// 4 people, 2 juries of 2 the same morning, 1 seat the next day:
		// the 14th fills both juries, someone free also sits J3.
		if seated != 5 {
			t.Errorf("%d seats filled, want 5", seated)
		}
		// Swap a J1 member for someone already in J2 the same morning: refused.
		var j1, j2 model.Jury
		for _, j := range jurys {
			switch j.Code {
			case "J1":
				j1 = j
			case "J2":
				j2 = j
			}
		}
		problems, err = workflow.Remplacer(ctx, s, agent, sid, j1.Membres[0].ID, j2.Membres[0].DisponibiliteID)
		if err != nil || len(problems) == 0 {
			t.Fatalf("swap breaking « one jury per half-day » accepted: %v %v", problems, err)
		}
		for _, p := range problems {
			if strings.Contains(p, "assignments[") || !strings.Contains(p, "Juré") {
				t.Errorf("problem not in the exam division's words: %q", p)
			}
		}
		if again, _ := s.ListJurys(ctx, sid); len(again[0].Membres) != 2 {
			t.Error("a refused swap changed the composition")
		}
		// Publication, then a prevented person: the division gets candidates.
		if _, err := workflow.Publier(ctx, s, agent, "https://cee.example", x, 5); !errors.Is(err, workflow.ErrDecompte) {
			t.Fatalf("stale confirmation of the publication: %v", err)
		}
		if n, err := workflow.Publier(ctx, s, agent, "https://cee.example", x, 4); err != nil || n != 4 {
			t.Fatalf("publish: %d %v", n, err)
		}
		m := lastMail(t, s, j1.Membres[0].Email, "Convocation")
		if len(m.Attachments) < 2 || m.Attachments[0].Name != "convocation.pdf" {
			t.Fatalf("convocation attachments: %d", len(m.Attachments))
		}
		links := regexp.MustCompile(`/convocation/([A-Za-z0-9_-]+)`).FindAllStringSubmatch(m.Text, -1)
		prevented := links[0][1] // the text gives « prevented » first
		ok, _, err := workflow.RepondreConvocation(ctx, s, "https://cee.example", prevented, time.Now())
		if err != nil || ok {
			t.Fatalf("prevented: %v %v", ok, err)
		}
		if got, _ := s.GetMembre(ctx, j1.Membres[0].ID); got.Statut != "empeche" {
			t.Errorf("status %q", got.Statut)
		}
		if mailsTo(t, s, "dec@ac-toulouse.fr", "Empêchement") != 1 {
			t.Error("exam division not told")
		}
		if _, _, err := workflow.RepondreConvocation(ctx, s, "https://cee.example", prevented, time.Now()); err == nil {
			t.Error("convocation link reused")
		}
		_ = f
	})
}
