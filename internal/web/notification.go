package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

type notificationsData struct {
	// ATraiter are the queues of « À traiter », each with its list.
	ATraiter []store.AttenteLigne
	Items    []model.Notification
	// NonLues shows the unread ones only (?lues=non): the header's
	// counter is that list's total.
	NonLues     bool
	Total, Page int
	Pages       int
	Query       url.Values
}

// nonLues is the header's counter: the total of the feed's « non lues »
// (the same filter), one count on an index per page.
func (s *Server) nonLues(r *http.Request, u *user) int {
	n, err := s.store.CountNotifications(r.Context(), store.NotificationFilter{CompteID: u.Compte.ID, NonLues: true})
	if err != nil {
		logger(r.Context(), s.log).Warn("compteur de notifications", "err", err)
	}
	return n
}

// handleNotifications is the notification centre: what waits for the
// person (« À traiter »), then what happened to their items, newest first,
// read or not, one page at a time.
func (s *Server) handleNotifications(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d := notificationsData{ATraiter: s.attentes(r, u).Lignes(), NonLues: q.Get("lues") == "non", Page: page, Query: q}
	d.Items, d.Total, err = s.store.ListNotifications(r.Context(), store.NotificationFilter{CompteID: u.Compte.ID, NonLues: d.NonLues,
		Limit: pageSize, Offset: (page - 1) * pageSize})
	if err != nil {
		return err
	}
	d.Pages = max(1, (d.Total+pageSize-1)/pageSize)
	return render(w, r, http.StatusOK, notificationsPage(s.layout(r, "Notifications"), d))
}

// handleNotificationLue marks one notification read and opens what it is
// about (the feed itself when it has no page).
func (s *Server) handleNotificationLue(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := workflow.LireNotification(r.Context(), s.store, u.Compte.ID, id, time.Now())
	if err != nil {
		return err
	}
	to := n.Lien
	if to == "" {
		to = "/notifications"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// handleNotificationsLues marks every notification of the person read.
func (s *Server) handleNotificationsLues(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	n, err := workflow.ToutMarquerLu(r.Context(), s.store, u.Compte.ID, time.Now())
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Notifications lues", strconv.FormatInt(n, 10)+" notification(s) marquée(s) comme lue(s).")
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
	return nil
}

// handleResumeChoice records how often the person wants the digest of
// their notifications, from their account page.
func (s *Server) handleResumeChoice(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	f, err := model.ParseFrequenceResume(r.PostFormValue("resume"))
	if err != nil {
		return s.accountForm(w, r, http.StatusUnprocessableEntity, accountData{ResumeErr: err.(*model.Erreur).Message})
	}
	if err := workflow.ChoisirResume(r.Context(), s.store, u.Compte.ID, f); err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Préférence enregistrée", f.Label()+".")
	http.Redirect(w, r, "/compte", http.StatusSeeOther)
	return nil
}
