package web

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"time"

	"cee/internal/model"
	"cee/internal/pdf"
	"cee/internal/policy"
	"cee/internal/workflow"
)

// pdfAcademie is the académie as the documents name it.
func pdfAcademie(code string) pdf.Academie { return workflow.PDFAcademie(code) }

func pdfDesignation(c model.Conseiller, d model.Designation) pdf.Designation {
	out := pdf.Designation{Civilite: c.Civilite, Prenom: c.Prenom, Nom: c.Nom, Employeur: c.Employeur, Statut: c.StatutPro.Label(),
		Organisation: c.Organisation, Mission: d.Mission, NumeroArrete: d.NumeroArrete}
	if len(c.Territoire) > 0 {
		out.Territoire = "départements " + joinFR(c.Territoire)
	}
	if d.Debut != nil {
		out.Debut, out.Fin = *d.Debut, *d.Fin
	}
	if d.DateArrete != nil {
		out.DateArrete = *d.DateArrete
	}
	return out
}

func joinFR(list []string) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return list[0]
	}
	out := list[0]
	for _, x := range list[1 : len(list)-1] {
		out += ", " + x
	}
	return out + " et " + list[len(list)-1]
}

// handleArrete sends the individual arrêté of a designated CEE as a PDF;
// the download is written in the journal.
func (s *Server) handleArrete(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.store.GetConseillerInScope(r.Context(), id, policy.ScopeOf(u.P))
	if err != nil {
		return err
	}
	d, err := s.store.CurrentDesignation(r.Context(), c.ID)
	if err != nil {
		return err
	}
	if d.NumeroArrete == "" || d.DateArrete == nil || d.Debut == nil {
		return withStatus(http.StatusNotFound, errors.New("pas encore d'arrêté : la désignation n'est pas prononcée"))
	}
	var buf bytes.Buffer
	if err := pdf.ArreteIndividuel(&buf, pdfAcademie(c.Academie), pdfDesignation(c, d)); err != nil {
		return err
	}
	if err := workflow.JournaliserExport(r.Context(), s.store, s.actor(r), workflow.Export{ObjetType: "arrete", ID: c.ID, Academie: c.Academie, Detail: "arrêté n° " + d.NumeroArrete}); err != nil {
		return err
	}
	return sendPDF(w, fmt.Sprintf("arrete-%s-%s.pdf", d.NumeroArrete, model.Fold(c.Nom)), buf.Bytes())
}

// handleArreteCollectif lists, in one arrêté, every CEE of the académie
// designated by arrêtés of one date.
func (s *Server) handleArreteCollectif(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	date, err := time.Parse("2006-01-02", r.URL.Query().Get("date"))
	if err != nil {
		return withStatus(http.StatusBadRequest, fmt.Errorf("date « %s » invalide : format attendu AAAA-MM-JJ", r.URL.Query().Get("date")))
	}
	numero := r.URL.Query().Get("numero")
	if numero == "" {
		numero = date.Format("2006-01-02")
	}
	academie := u.P.H.Academie
	if academie == "" {
		academie = r.URL.Query().Get("academie")
	}
	ds, err := s.store.DesignationsOfArrete(r.Context(), academie, date)
	if err != nil {
		return err
	}
	if len(ds) == 0 {
		return withStatus(http.StatusNotFound, fmt.Errorf("aucune désignation par arrêté du %s", model.Date(date)))
	}
	var list []pdf.Designation
	for _, d := range ds {
		c, err := s.store.GetConseillerInScope(r.Context(), d.ConseillerID, policy.ScopeOf(u.P))
		if err != nil {
			continue
		}
		list = append(list, pdfDesignation(c, d))
	}
	var buf bytes.Buffer
	if err := pdf.ArreteCollectif(&buf, pdfAcademie(academie), numero, date, list); err != nil {
		return err
	}
	if err := workflow.JournaliserExport(r.Context(), s.store, s.actor(r), workflow.Export{ObjetType: "arrete_collectif", ID: 0, Academie: academie, Detail: fmt.Sprintf("%d désignations du %s", len(list), model.Date(date))}); err != nil {
		return err
	}
	return sendPDF(w, "arrete-collectif-"+date.Format("2006-01-02")+".pdf", buf.Bytes())
}

func sendPDF(w http.ResponseWriter, name string, b []byte) error {
	return sendFile(w, "application/pdf", name, b)
}

// sendFile sends a file to save, not to show: the browser neither renders
// it in the application's origin nor guesses another type than typ.
func sendFile(w http.ResponseWriter, typ, name string, b []byte) error {
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	_, err := w.Write(b)
	return err
}
