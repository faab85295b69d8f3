package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
	"cee/internal/web/ui"
)

type journalData struct {
	Items       []store.Entree
	Total, Page int
	Pages       int
	Query       url.Values
	DepuisErr   string
}

// auditActions are the actions offered in the journal's filter.
var auditActions = []struct{ Value, Label string }{
	{store.AuditConnexion, "Connexion"}, {store.AuditEchecConnexion, "Échec de connexion"},
	{store.AuditDeconnexion, "Déconnexion"}, {store.AuditChangementRole, "Changement de rôle"},
	{store.AuditInvitation, "Invitation"}, {store.AuditAcceptation, "Acceptation d'un rôle proposé"}, {store.AuditStatut, "Changement d'état d'un compte"},
	{store.AuditConsultation, "Consultation de coordonnées"}, {store.AuditExport, "Export"},
	{store.AuditSecurite, "Sécurité du compte"}, {store.AuditDesignation, "Désignation"}, {store.AuditProfil, "Fiche de conseiller"}, {store.AuditOrganisation, "Organisation"}, {store.AuditImport, "Import"}, {store.AuditConvention, "Convention"}, {store.AuditConsentement, "Consentement"}, {store.AuditAvis, "Avis d'inspection"}, {store.AuditParametres, "Paramètres de l'académie"}, {store.AuditIntervention, "Action d'un conseiller"}, {store.AuditDemande, "Demande"}, {store.AuditSollicitation, "Sollicitation"}, {store.AuditJury, "Jurys d'examen"},
	{store.AuditCampus, "Campus, pôles de stage et lycées des métiers"},
	{store.AuditAnimation, "Animation du réseau"},
	{store.AuditExpertise, "Avis d'expertise"},
}

func auditActionLabel(a string) string {
	for _, x := range auditActions {
		if x.Value == a {
			return x.Label
		}
	}
	return a
}

// handleJournal shows the audit log: a pilote their académie's, an admin
// all of it.
func (s *Server) handleJournal(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	q := r.URL.Query()
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	f := store.JournalFilter{Scope: policy.ScopeOf(u.P), Email: strings.TrimSpace(q.Get("qui")), Limit: pageSize, Offset: (page - 1) * pageSize}
	d := journalData{Page: page, Query: q}
	if a := q.Get("action"); a != "" && auditActionLabel(a) != a {
		f.Action = a
	}
	if v := q.Get("depuis"); v != "" {
		t, err := time.ParseInLocation("2006-01-02", v, model.Paris)
		if err != nil {
			d.DepuisErr = "Date invalide : format attendu JJ/MM/AAAA."
		} else {
			f.Depuis = t
		}
	}
	d.Items, d.Total, err = s.store.ListJournal(r.Context(), f)
	if err != nil {
		return err
	}
	d.Pages = max(1, (d.Total+pageSize-1)/pageSize)
	status := http.StatusOK
	if d.DepuisErr != "" {
		status = http.StatusUnprocessableEntity
	}
	return render(w, r, status, journalPage(s.layout(r, "Journal des accès"), d))
}

func actionFilter(v string) ui.SelectParams {
	p := ui.SelectParams{ID: "journal-action", Name: "action", Label: "Action", Placeholder: "Toutes les actions", Value: v}
	for _, a := range auditActions {
		p.Options = append(p.Options, ui.Option{Value: a.Value, Label: a.Label})
	}
	return p
}

func journalTable(items []store.Entree) ui.TableParams {
	t := ui.TableParams{Caption: "Journal des accès", CaptionHidden: true, Bordered: true,
		Headers: []string{"Date", "Auteur", "Rôle", "Adresse IP", "Action", "Objet", "Détail"}, Empty: "Aucune entrée."}
	for _, e := range items {
		role := e.Role
		if r, err := model.ParseRole(e.Role); err == nil {
			role = r.Label()
		}
		objet := e.ObjetType
		if e.ObjetID != "" {
			objet += " n° " + e.ObjetID
		}
		t.Rows = append(t.Rows, []ui.TableCell{{Text: model.DateHeure(e.At)}, {Text: e.Email}, {Text: role}, {Text: e.IP},
			{Text: auditActionLabel(e.Action)}, {Text: objet}, {Text: e.Detail}})
	}
	return t
}
