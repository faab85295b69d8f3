package store_test

import (
	"context"
	"testing"
	"time"

	"cee/internal/store"
	"cee/internal/storetest"
)

// A mapping is remembered per académie and per kind of import; a header
// chosen again replaces its choice, the others stay.
func TestCorrespondance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now()
		if err := s.SaveCorrespondance(ctx, "16", "conseillers", store.Correspondance{"contact": "Email", "remarques": ""}, now); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveCorrespondance(ctx, "16", "conseillers", store.Correspondance{"contact": "Telephone"}, now); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveCorrespondance(ctx, "11", "conseillers", store.Correspondance{"zone": "Secteur"}, now); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetCorrespondance(ctx, "16", "conseillers")
		if err != nil || len(got) != 2 || got["contact"] != "Telephone" {
			t.Errorf("Toulouse : %v, %v", got, err)
		}
		if v, ok := got["remarques"]; !ok || v != "" {
			t.Errorf("colonne ignorée non mémorisée : %v", got)
		}
		if got, _ := s.GetCorrespondance(ctx, "16", "jurys"); len(got) != 0 {
			t.Errorf("autre type d'import : %v", got)
		}
	})
}
