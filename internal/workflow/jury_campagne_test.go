package workflow_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

// A session's availability campaign reaches only the CEE and the consenting
// professionals who can examine one of its juries' specialities: a CAP
// Boulanger session does not mail a plumber (issue 17, item 6).
func TestCampagneCiblee(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const boulanger, plombier = "50022137", "50023324"
		agent := workflow.Actor{Compte: model.Compte{Email: "dec@ac-toulouse.fr"}, P: model.Principal{H: model.Habilitation{Role: model.RoleExamens, Academie: "16"}}}
		debut, fin := time.Now().AddDate(-1, 0, 0), time.Now().AddDate(2, 0, 0)
		cee := func(email string, specs ...string) {
			id, _, err := s.SaveConseiller(ctx, model.Conseiller{Academie: "16", Nom: "Juré", Prenom: "A", Email: email, StatutPro: model.StatutSalarie,
				CodeCommune: "31555", Specialites: specs})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.CreateDesignation(ctx, model.Designation{ConseillerID: id, Academie: "16", Etat: model.DesignationActive, Debut: &debut, Fin: &fin}); err != nil {
				t.Fatal(err)
			}
		}
		cee("cee.boulanger@example.org", boulanger)
		cee("cee.plombier@example.org", plombier)
		le := time.Now()
		pro := func(email string, jurys bool, specs ...string) {
			id, err := s.CreateProfessionnel(ctx, model.Professionnel{Academie: "16", Nom: "Pro", Prenom: "B", Email: email, CodeCommune: "31555",
				Consent: model.Consentement{Jurys: jurys, Interventions: true}, ConsentLe: &le})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SetSpecialitesProfessionnel(ctx, id, specs); err != nil {
				t.Fatal(err)
			}
		}
		pro("pro.boulanger@example.org", true, boulanger)
		pro("pro.plombier@example.org", true, plombier)
		pro("pro.sans@example.org", true)
		pro("pro.boulanger.sans.jurys@example.org", false, boulanger)
		sid, err := s.CreateSessionExamen(ctx, model.SessionExamen{Academie: "16", Nom: "session de juin 2027",
			Debut: time.Date(2027, 6, 14, 0, 0, 0, 0, time.UTC), Fin: time.Date(2027, 6, 18, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpsertJury(ctx, model.Jury{SessionID: sid, Code: "J1", Specialite: boulanger, UAI: "0310024H", DemiJournees: []string{"2027-06-14AM"}, Sieges: 2}); err != nil {
			t.Fatal(err)
		}
		x, _ := s.GetSessionExamen(ctx, sid, "16")
		attendu, err := workflow.DecompteCampagne(ctx, s, x)
		if err != nil {
			t.Fatal(err)
		}
		n, err := workflow.LancerCampagne(ctx, s, agent, "https://cee.example", x, time.Now().AddDate(0, 0, 10), attendu)
		if err != nil {
			t.Fatal(err)
		}
		dispos, _ := s.ListDisponibilites(ctx, sid)
		var asked []string
		for _, d := range dispos {
			asked = append(asked, d.Email)
		}
		slices.Sort(asked)
		want := []string{"cee.boulanger@example.org", "pro.boulanger@example.org"}
		if n != 2 || !slices.Equal(asked, want) {
			t.Errorf("campaign asked %d: %v, want %v", n, asked, want)
		}
		for _, to := range []string{"cee.plombier@example.org", "pro.plombier@example.org", "pro.sans@example.org", "pro.boulanger.sans.jurys@example.org"} {
			if got := mailsTo(t, s, to, "disponibilités"); got != 0 {
				t.Errorf("%s got %d availability mail(s)", to, got)
			}
		}
	})
}

// The exam division's settings on both databases: the defaults until
// saved, a bad layout refused with nothing written, the layout read back
// in its order.
func TestParametresJurys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		agent := workflow.Actor{Compte: model.Compte{Email: "dec@ac-toulouse.fr"}, P: model.Principal{H: model.Habilitation{Role: model.RoleExamens, Academie: "16"}}}
		p, err := s.GetParametresJurys(ctx, "16")
		if err != nil || p.Frais != "" || !slices.Equal(p.Colonnes, model.ColonnesExportParDefaut) {
			t.Fatalf("defaults: %+v %v", p, err)
		}
		bad := model.ParametresJurys{Academie: "16", Frais: "Imag'In", Colonnes: []string{"nom", "inconnue"}}
		if err := workflow.EnregistrerParametresJurys(ctx, s, agent, bad); err == nil {
			t.Fatal("unknown column accepted")
		} else if e, ok := model.ErreurUtilisateur(err); !ok || e.Champ != "colonnes" {
			t.Fatalf("error %v", err)
		}
		if p, _ := s.GetParametresJurys(ctx, "16"); p.Frais != "" {
			t.Fatal("refused settings written")
		}
		good := model.ParametresJurys{Academie: "16", Frais: "Imag'In sous un mois.\nJustificatifs de transport.", Colonnes: []string{"nom", "prenom", "siret", "dates"}}
		if err := workflow.EnregistrerParametresJurys(ctx, s, agent, good); err != nil {
			t.Fatal(err)
		}
		p, _ = s.GetParametresJurys(ctx, "16")
		if p.Frais != good.Frais || !slices.Equal(p.Colonnes, good.Colonnes) {
			t.Fatalf("read back %+v", p)
		}
		if other, _ := s.GetParametresJurys(ctx, "04"); other.Frais != "" {
			t.Fatal("another académie's settings changed")
		}
		x := model.SessionExamen{Nom: "session de juin 2027"}
		h, rows := workflow.TableauComposition(x, []model.Jury{{Code: "J1", DemiJournees: []string{"2027-06-14AM"},
			Membres: []model.MembreJury{{Prenom: "Anne", NomFamille: "Roux", SIRET: "73282932000074"}}}}, p.Colonnes)
		if !slices.Equal(h, []string{"Nom", "Prénom", "SIRET", "Dates"}) || !slices.Equal(rows[0], []string{"Roux", "Anne", "73282932000074", "lundi 14 juin 2027, matin, de 9 h à 12 h"}) {
			t.Errorf("table %q %q", h, rows)
		}
	})
}
