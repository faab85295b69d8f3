package web

import (
	"cee/internal/policy"
	"errors"
	"net/http"
	"strings"
	"time"

	"cee/internal/export"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// routesCalendrier registers a CEE's calendar feed: its address is a
// secret (the calendar application fetches it without a session), shown
// on the account page, renewed there.
func (s *Server) routesCalendrier() {
	s.handle("GET /calendrier/{fichier}", nil, s.handleCalendrier)
	s.handle("POST /compte/calendrier", conseillerSeul, s.handleCalendrierRenouveler)
}

// calendrierURL is the feed's address for a secret, "" without one.
func (s *Server) calendrierURL(jeton string) string {
	if jeton == "" {
		return ""
	}
	return s.cfg.BaseURL + "/calendrier/" + jeton + ".ics"
}

// webcal is the same address for calendar applications: the webcal://
// scheme makes a phone offer to subscribe instead of downloading once.
func webcal(u string) string {
	_, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	return "webcal://" + rest
}

// handleCalendrier sends the feed of the CEE whose secret is in the path:
// 404 for an unknown or renewed one, as for an address that never existed.
func (s *Server) handleCalendrier(w http.ResponseWriter, r *http.Request) error {
	jeton, ok := strings.CutSuffix(r.PathValue("fichier"), ".ics")
	if !ok || jeton == "" {
		return withStatus(http.StatusNotFound, errNotFoundPage)
	}
	c, err := s.store.CompteByCalendrierJeton(r.Context(), jeton)
	if errors.Is(err, store.ErrNotFound) {
		return withStatus(http.StatusNotFound, errNotFoundPage)
	}
	if err != nil {
		return err
	}
	var events []export.Evenement
	for _, h := range c.Habilitations {
		id, ok := policy.ConseillerDe(model.Principal{CompteID: c.ID, H: h})
		if !ok {
			continue
		}
		list, err := workflow.AgendaConseiller(r.Context(), s.store, s.cfg.BaseURL, id, time.Now())
		if err != nil {
			return err
		}
		events = append(events, list...)
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-cache")
	return export.ICS(w, export.MethodPublish, events)
}

// handleCalendrierRenouveler gives the CEE a new feed address; the
// previous one stops at once (a lost phone, a shared link).
func (s *Server) handleCalendrierRenouveler(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	if _, err := workflow.RenouvelerCalendrier(r.Context(), s.store, u.Compte.ID); err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Nouveau lien d'agenda", "Abonnez votre agenda à l'adresse ci-dessous ; l'ancienne ne fonctionne plus.")
	http.Redirect(w, r, "/compte#agenda", http.StatusSeeOther)
	return nil
}
