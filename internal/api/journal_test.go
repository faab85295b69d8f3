package api_test

import (
	"context"
	"strings"
	"testing"

	"cee/internal/demo"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// TestConsultationJournal: reading a CEE's or a professional's record
// through the API writes the same journal line as the web page, marked
// « (API) », with the token's account, role and the record's académie
// (docs/security.md; the line is written by workflow.ConsulterConseiller
// and workflow.ConsulterProfessionnel, shared with the web).
func TestConsultationJournal(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, databaseURL string) {
		f := setup(t, databaseURL, nil)
		ctx := context.Background()
		for _, c := range []struct{ path, objet, id string }{
			{"/api/v1/conseillers/" + f.ids["{ceeA}"], "conseiller", f.ids["{ceeA}"]},
			{"/api/v1/professionnels/" + f.ids["{proA}"], "professionnel", f.ids["{proA}"]},
		} {
			if a := f.call(t, f.tokens["pilote"], "GET", c.path, ""); a.Status != 200 {
				t.Fatalf("%s : %d", c.path, a.Status)
			}
			list, _, err := f.st.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditConsultation, Email: demoEmail("pilote"), Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 {
				t.Fatalf("%s : aucune ligne de journal", c.path)
			}
			e := list[0]
			if e.ObjetType != c.objet || e.ObjetID != c.id || e.Role != "pilote" || e.Academie != demo.SmallAcademie ||
				!strings.HasSuffix(e.Detail, " (API)") {
				t.Errorf("%s : ligne %+v", c.path, e)
			}
		}
	})
}
