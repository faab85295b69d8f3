package workflow_test

import (
	"context"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

// An organisation's dashboard is computed on view once, then read from
// memory with the time it was computed, until the académie's rows change
// (whoever changes them) or CadenceInstantanes has passed.
func TestRapportOrganisationMemorise(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org, err := s.CreateOrganisation(ctx, model.Organisation{Nom: "UIMM", Type: model.OrgBranche, Academies: []string{"16"}})
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Now()
		f := store.IndicateurFilter{Annee: model.AnneeScolaireOf(t0), Now: t0, Academie: "16", OrganisationID: org}
		vue := workflow.VueOrganisation
		calcule := func(now time.Time) time.Time {
			t.Helper()
			f.Now = now
			_, c, err := workflow.RapportTableau(ctx, s, f, vue, now)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		if c := calcule(t0); !c.Equal(t0) {
			t.Fatalf("first view computed at %v, want %v", c, t0)
		}
		if c := calcule(t0.Add(time.Minute)); !c.Equal(t0) {
			t.Errorf("second view a minute later: computed at %v, want the first view's %v", c, t0)
		}
		// A change of the académie's rows, as a trigger raises it.
		if _, err := s.DB().ExecContext(ctx, `INSERT INTO versions_academie (academie, version) VALUES ('16', 1)
			ON CONFLICT (academie) DO UPDATE SET version = versions_academie.version + 1`); err != nil {
			t.Fatal(err)
		}
		t2 := t0.Add(2 * time.Minute)
		if c := calcule(t2); !c.Equal(t2) {
			t.Errorf("after a change: computed at %v, want now %v", c, t2)
		}
		t3 := t2.Add(workflow.CadenceInstantanes)
		if c := calcule(t3); !c.Equal(t3) {
			t.Errorf("after %v: computed at %v, want now %v", workflow.CadenceInstantanes, c, t3)
		}
		// Another organisation is computed apart.
		f.OrganisationID = org + 1000
		if c := calcule(t3.Add(time.Second)); !c.Equal(t3.Add(time.Second)) {
			t.Errorf("another organisation read the first one's figures (%v)", c)
		}
	})
}
