package apptest

import (
	"context"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/workflow"
)

// Convoquer publishes a session of the académie 16 with one jury, J77, in
// three weeks, where each CEE given is seated: they get their convocation
// mail. It returns each one's disponibilité (their convocation).
func Convoquer(t testing.TB, srv *Server, cees ...int64) []int64 {
	t.Helper()
	ctx := context.Background()
	st := srv.App.Store
	debut := time.Now().AddDate(0, 0, 21)
	sid, err := st.CreateSessionExamen(ctx, model.SessionExamen{Academie: "16", Nom: "session de test", Debut: debut, Fin: debut.AddDate(0, 0, 5)})
	if err != nil {
		t.Fatal(err)
	}
	etabs, _, err := st.ListEtablissements(ctx, store.EtablissementFilter{Academie: "16", Limit: 1})
	if err != nil || len(etabs) == 0 {
		t.Fatalf("no school in the demo: %v", err)
	}
	if _, err := st.UpsertJury(ctx, model.Jury{SessionID: sid, Code: "J77", Specialite: "50022137", UAI: etabs[0].UAI,
		DemiJournees: []string{debut.Format("2006-01-02") + "AM"}, Sieges: len(cees)}); err != nil {
		t.Fatal(err)
	}
	jurys, err := st.ListJurys(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, c := range cees {
		d, err := st.CreateDisponibilite(ctx, model.DisponibiliteJury{SessionID: sid, ConseillerID: c})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddMembre(ctx, store.MembreNouveau{JuryID: jurys[0].ID, DisponibiliteID: d}); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	if err := st.SetSessionEtat(ctx, sid, model.SessionPreparation, model.SessionComposee); err != nil {
		t.Fatal(err)
	}
	x, err := st.GetSessionExamen(ctx, sid, "")
	if err != nil {
		t.Fatal(err)
	}
	jurys, err = st.ListJurys(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	convoques := model.ResumerComposition(jurys, func(model.Jury) model.RegleDiplome { return model.RegleDiplome{} }).Personnes
	if _, err := workflow.Publier(ctx, st, workflow.Actor{}, srv.URL, x, convoques); err != nil {
		t.Fatal(err)
	}
	return out
}

// Inviter invites the CEE of cee's département to a new meeting of the
// académie 16 in ten days: each gets the mail with its two links.
func Inviter(t testing.TB, srv *Server, cee int64) model.Evenement {
	t.Helper()
	ctx := context.Background()
	st := srv.App.Store
	c, err := st.GetConseillerInScope(ctx, cee, model.Scope{National: true})
	if err != nil {
		t.Fatal(err)
	}
	debut := time.Now().AddDate(0, 0, 10).Truncate(time.Hour)
	e := model.Evenement{Academie: "16", Type: model.EvenementReunion, Titre: "Réunion de rentrée du réseau", Lieu: "Rectorat", Debut: debut, Fin: debut.Add(2 * time.Hour)}
	if e.ID, err = st.CreateEvenement(ctx, e); err != nil {
		t.Fatal(err)
	}
	criteres := model.Criteres{Conseillers: true, Academie: "16", Departement: c.Departement}
	n, err := workflow.DecompteInvitation(ctx, st, model.Scope{Academie: "16"}, e.ID, criteres)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := workflow.Inviter(ctx, st, workflow.Actor{}, srv.URL, model.Scope{Academie: "16"}, e.ID, criteres, n); err != nil {
		t.Fatal(err)
	}
	return e
}
