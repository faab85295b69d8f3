package web

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// echeance is one mandate ending soon, with its CEE.
type echeance struct {
	D model.Designation
	C model.Conseiller
}

// handleMandats lists the mandates of the scope ending within 90 days.
func (s *Server) handleMandats(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	// The dashboards' « mandats arrivant à échéance » counts these very CEE
	// (store.FileFinMandat).
	cs, _, err := s.store.SearchConseillers(r.Context(), store.ConseillerFilter{Scope: policy.ScopeOf(u.P), File: store.FileFinMandat,
		Now: time.Now(), Tri: store.TriFin, Limit: 10000})
	if err != nil {
		return err
	}
	list := make([]echeance, 0, len(cs))
	for _, c := range cs {
		list = append(list, echeance{D: model.Designation{ConseillerID: c.ID, Etat: c.Etat, Fin: c.FinMandat}, C: c})
	}
	return render(w, r, http.StatusOK, mandatsPage(s.layout(r, "Mandats arrivant à échéance"), list, policy.LanceRenouvellements(u.P)))
}

func (s *Server) echeances(r *http.Request, before time.Time) ([]echeance, error) {
	u := currentUser(r)
	sc := policy.ScopeOf(u.P)
	ds, err := s.store.DesignationsEnding(r.Context(), sc.Academie, before)
	if err != nil {
		return nil, err
	}
	var out []echeance
	for _, d := range ds {
		if d.Etat != model.DesignationActive {
			continue
		}
		c, err := s.store.GetConseillerInScope(r.Context(), d.ConseillerID, sc)
		if err != nil {
			continue // outside an organisation's scope, for instance
		}
		out = append(out, echeance{D: d, C: c})
	}
	return out, nil
}

// handleRenouvellement proposes, in one action, the renewal of every running
// mandate of the scope that ends before the date given.
func (s *Server) handleRenouvellement(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	before, err := time.Parse("2006-01-02", r.PostFormValue("avant"))
	if err != nil {
		return withStatus(http.StatusBadRequest, fmt.Errorf("date « %s » invalide : format attendu AAAA-MM-JJ", r.PostFormValue("avant")))
	}
	list, err := s.echeances(r, before)
	if err != nil {
		return err
	}
	n := 0
	for _, e := range list {
		_, err := workflow.Transition(r.Context(), s.store, workflow.Actor{Compte: u.Compte, P: u.P, IP: clientIP(r)}, s.cfg.BaseURL, e.C.ID,
			model.Transition{To: model.DesignationRenouvellement})
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return err
		}
		if err == nil {
			n++
		}
	}
	setFlash(w, ui.KindSuccess, fmt.Sprintf("%d renouvellement(s) proposé(s)", n), "Les conseillers concernés en sont informés par courriel.")
	http.Redirect(w, r, "/mandats", http.StatusSeeOther)
	return nil
}

func echeanceTable(list []echeance) ui.TableParams {
	t := ui.TableParams{Caption: "Mandats arrivant à échéance dans les 90 jours", Bordered: true,
		Headers: []string{"Conseiller", "Organisation", "Fin du mandat", "Dans"}, Empty: "Aucun mandat n'arrive à échéance dans les 90 jours."}
	for _, e := range list {
		days := int(time.Until(*e.D.Fin).Hours() / 24)
		t.Rows = append(t.Rows, []ui.TableCell{{Text: e.C.NomComplet(), Href: "/conseillers/" + itoa64(e.C.ID)}, {Text: e.C.Organisation},
			{Text: model.Date(*e.D.Fin)}, {Text: fmt.Sprintf("%d jours", days), Numeric: true}})
	}
	return t
}
