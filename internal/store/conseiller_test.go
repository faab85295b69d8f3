package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

func TestConseillersDirectory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org, err := s.CreateOrganisation(ctx, model.Organisation{Nom: "Fédération française du bâtiment", Type: model.OrgBranche, Academies: []string{"16"}})
		if err != nil {
			t.Fatal(err)
		}
		other, _ := s.CreateOrganisation(ctx, model.Organisation{Nom: "CMA Occitanie", Type: model.OrgChambre, Academies: []string{"16", "11"}})
		if list, _ := s.ListOrganisations(ctx, "11"); len(list) != 1 || list[0].Nom != "CMA Occitanie" {
			t.Errorf("organisations of académie 11: %+v", list)
		}
		elec := model.Conseiller{Academie: "16", Nom: "Dupré", Prenom: "Hélène", Email: "h.dupre@elec.fr", Employeur: "Électricité Garonne",
			CodeNAF: "43.21A", StatutPro: model.StatutEmployeur, Departement: "31", OrganisationID: org, Specialites: []string{"40025214"}}
		id, created, err := s.SaveConseiller(ctx, elec)
		if err != nil || !created {
			t.Fatalf("create: %v %v", created, err)
		}
		s.SaveConseiller(ctx, model.Conseiller{Academie: "16", Nom: "Cœurdevey", Prenom: "Luc", Email: "luc@boulangerie.fr", Employeur: "Boulangerie", OrganisationID: other, Departement: "81"})
		s.SaveConseiller(ctx, model.Conseiller{Academie: "11", Nom: "Martin", Prenom: "Paul", Email: "paul@mtp.fr", Employeur: "Électricité du Sud", OrganisationID: other, Departement: "34"})
		// Same e-mail: an update, not a second profile.
		elec.Telephone = "05 61 00 00 00"
		id2, created, err := s.SaveConseiller(ctx, elec)
		if err != nil || created || id2 != id {
			t.Fatalf("update by e-mail: id %d→%d created %v %v", id, id2, created, err)
		}
		national := model.Scope{National: true}
		for q, want := range map[string]int{"electricite": 2, "ÉLECTRICITÉ garonne": 1, "coeur": 1, "helene dupre": 1,
			"installation electrique": 1 /* NAF 43.21A label */, "zzz": 0} {
			if _, n, err := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: national, Q: q}); err != nil || n != want {
				t.Errorf("search %q: %d results, want %d (%v)", q, n, want, err)
			}
		}
		if _, n, _ := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: "16"}, Q: "electricite"}); n != 1 {
			t.Errorf("académie 16 sees %d electricians, want 1", n)
		}
		// An organisation active in two académies: each référent sees its CEE
		// of their own académie (issue 20), and a scope without an académie
		// sees none.
		for acad, want := range map[string]int{"16": 1, "11": 1, "": 0, "01": 0} {
			if _, n, _ := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: acad, Organisation: fmt.Sprint(other)}}); n != want {
				t.Errorf("organisation référent in académie %q sees %d CEE, want %d", acad, n, want)
			}
		}
		if _, err := s.GetConseillerInScope(ctx, id, model.Scope{Academie: "11", Organisation: fmt.Sprint(org)}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a référent of the organisation in académie 11 reads its Toulouse CEE: %v", err)
		}
		if _, err := s.GetConseillerInScope(ctx, id, model.Scope{Academie: "11", Conseiller: fmt.Sprint(id)}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a CEE role of académie 11 reads the Toulouse record it names: %v", err)
		}
		if _, n, _ := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: national, SectionNAF: "F", Specialite: "40025214"}); n != 1 {
			t.Errorf("filter by NAF section and speciality: %d", n)
		}
		if _, err := s.GetConseillerInScope(ctx, id, model.Scope{Academie: "11"}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("académie 11 reads a Toulouse CEE: %v", err)
		}
		c, err := s.GetConseillerInScope(ctx, id, model.Scope{Academie: "16", Organisation: fmt.Sprint(org)})
		if err != nil || c.Telephone != "05 61 00 00 00" || c.Organisation != "Fédération française du bâtiment" {
			t.Fatalf("%+v %v", c, err)
		}

		// Designations: the current one shows in the directory.
		debut := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
		dID, err := s.CreateDesignation(ctx, model.Designation{ConseillerID: id, OrganisationID: org, Academie: "16", Etat: model.DesignationEnInstruction, Mission: "Jurys de CAP électricien"})
		if err != nil {
			t.Fatal(err)
		}
		d, _ := s.CurrentDesignation(ctx, id)
		next, err := d.Apply(model.Transition{To: model.DesignationDesignee, Actor: model.ActeurPilote, NumeroArrete: "2026-12", DateArrete: debut, Debut: debut}, model.DefaultMandat)
		if err != nil || d.ID != dID {
			t.Fatal(err)
		}
		if err := s.UpdateDesignation(ctx, next, d.Etat); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateDesignation(ctx, next, d.Etat); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale update: %v, want ErrConflict", err)
		}
		list, _, _ := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: national, Etat: model.DesignationDesignee})
		if len(list) != 1 || list[0].FinMandat == nil || list[0].FinMandat.Format("2006-01-02") != "2029-08-31" {
			t.Errorf("designated CEE: %+v", list)
		}
		ending, _ := s.DesignationsEnding(ctx, "16", time.Date(2029, 12, 31, 0, 0, 0, 0, time.UTC))
		if len(ending) != 1 {
			t.Errorf("mandates ending: %d", len(ending))
		}
		if ending, _ := s.DesignationsEnding(ctx, "16", time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC)); len(ending) != 0 {
			t.Errorf("mandates ending before 2029: %d", len(ending))
		}
	})
}
