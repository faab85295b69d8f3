package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"cee/internal/auth"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// Issue 20: the scopes of record-scoped roles carry the académie, so that a
// role on another académie's record (granted before the check) reaches
// nothing, and an organisation active in two académies is seen per académie.
func TestRecordScopesCarryAcademie(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org, err := s.CreateOrganisation(ctx, model.Organisation{Nom: "MEDEF Toulouse", Type: model.OrgBranche, Academies: []string{"16"}})
		if err != nil {
			t.Fatal(err)
		}
		ref := fmt.Sprint(org)
		// The Toulouse référent, and a Toulouse inspector who also holds a
		// stale Paris role on the Toulouse organisation.
		mustCompte(t, s, "referent@medef.fr", model.Habilitation{Role: model.RoleOrganisation, Academie: "16", Ref: ref})
		stale := mustCompte(t, s, "ien@ac-toulouse.fr", model.Habilitation{Role: model.RoleInspecteur, Academie: "16"})
		if _, err := s.AddHabilitation(ctx, model.Habilitation{CompteID: stale.ID, Role: model.RoleOrganisation, Academie: "01", Ref: ref}); err != nil {
			t.Fatal(err)
		}
		list, n, err := s.ListComptes(ctx, store.CompteFilter{Scope: model.Scope{Academie: "16"}, Role: model.RoleOrganisation, Ref: ref})
		if err != nil || n != 1 || list[0].Email != "referent@medef.fr" {
			t.Errorf("référents of the organisation in Toulouse: %d %v %+v", n, err, list)
		}
		if _, n, _ := s.ListComptes(ctx, store.CompteFilter{Scope: model.Scope{National: true}, Role: model.RoleOrganisation, Ref: ref}); n != 2 {
			t.Errorf("référents nationally: %d, want 2", n)
		}

		// Bilans: an organisation's of Toulouse are not read by its role in Paris.
		if _, err := s.CreateBilan(ctx, store.Bilan{Perimetre: model.BilanOrganisation, Ref: ref, Libelle: "MEDEF Toulouse", Academie: "16", Annee: 2025}); err != nil {
			t.Fatal(err)
		}
		for acad, want := range map[string]int{"16": 1, "01": 0, "": 0} {
			if l, err := s.ListBilans(ctx, store.BilanFilter{Perimetre: model.BilanOrganisation, Ref: ref, Academie: acad}); err != nil || len(l) != want {
				t.Errorf("bilans of the organisation in académie %q: %d, want %d (%v)", acad, len(l), want, err)
			}
		}

		// Segments (and with them events and announcements): the
		// organisation's in Toulouse are not listed for its role in Paris.
		if _, err := s.CreateSegment(ctx, model.Segment{Academie: "16", OrganisationID: org, Nom: "Mes CEE"}); err != nil {
			t.Fatal(err)
		}
		for acad, want := range map[string]int{"16": 1, "01": 0, "": 0} {
			if l, err := s.ListSegments(ctx, model.Scope{Academie: acad, Organisation: ref}); err != nil || len(l) != want {
				t.Errorf("segments of the organisation in académie %q: %d, want %d (%v)", acad, len(l), want, err)
			}
		}
	})
}

// A role offered to an account of another académie waits in its own table
// until the invitation token accepts it.
func TestHabilitationsEnAttente(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := mustCompte(t, s, "ien@ac-toulouse.fr", model.Habilitation{Role: model.RoleInspecteur, Academie: "16"})
		_, hash, _ := auth.NewToken()
		exp := time.Now().Add(time.Hour)
		if err := s.CreateJeton(ctx, store.Jeton{Hash: hash, Kind: store.JetonInvitation, CompteID: c.ID, ExpiresAt: exp}); err != nil {
			t.Fatal(err)
		}
		h := model.Habilitation{CompteID: c.ID, Role: model.RoleInspecteur, Academie: "01"}
		if _, err := s.AddHabilitationEnAttente(ctx, store.HabilitationEnAttente{H: h, JetonHash: hash, ExpiresAt: exp}); err != nil {
			t.Fatal(err)
		}
		if l, err := s.ListHabilitationsEnAttente(ctx, "01", time.Now()); err != nil || len(l) != 1 || l[0].Email != c.Email || l[0].H.Role != model.RoleInspecteur {
			t.Fatalf("pending in Paris: %v %+v", err, l)
		}
		if l, _ := s.ListHabilitationsEnAttente(ctx, "01", exp.Add(time.Minute)); len(l) != 0 {
			t.Errorf("expired offer still listed: %+v", l)
		}
		if l, _ := s.ListHabilitationsEnAttente(ctx, "16", time.Now()); len(l) != 0 {
			t.Errorf("Paris offer listed in Toulouse: %+v", l)
		}
		if got, _ := s.GetCompte(ctx, c.ID); len(got.Habilitations) != 1 {
			t.Fatalf("offer attached before acceptance: %+v", got.Habilitations)
		}
		// Someone else's account does not accept it with the token.
		other := mustCompte(t, s, "autre@ac-toulouse.fr", model.Habilitation{Role: model.RoleExamens, Academie: "16"})
		if hs, err := s.AccepterHabilitationsEnAttente(ctx, hash, other.ID); err != nil || len(hs) != 0 {
			t.Errorf("accepted by another account: %v %+v", err, hs)
		}
		hs, err := s.AccepterHabilitationsEnAttente(ctx, hash, c.ID)
		if err != nil || len(hs) != 1 || hs[0].ID == 0 {
			t.Fatalf("acceptance: %v %+v", err, hs)
		}
		if got, _ := s.GetCompte(ctx, c.ID); len(got.Habilitations) != 2 || got.Habilitations[1].Academie != "01" {
			t.Errorf("after acceptance: %+v", got.Habilitations)
		}
		if l, _ := s.ListHabilitationsEnAttente(ctx, "01", time.Now()); len(l) != 0 {
			t.Errorf("accepted offer still pending: %+v", l)
		}
	})
}
