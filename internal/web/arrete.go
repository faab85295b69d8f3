package web

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"cee/internal/model"
	"cee/internal/pdf"
	"cee/internal/policy"
	"cee/internal/store"
	"cee/internal/workflow"
)

// pdfAcademie is the académie as the documents name it.
func pdfAcademie(code string) pdf.Academie { return workflow.PDFAcademie(code) }

// pdfMandat is what an arrêté states of one mandate: the person as on
// their record, the rest as the arrêté pronounced it.
func pdfMandat(c model.Conseiller, m model.Mandat) pdf.Designation {
	out := pdf.Designation{Civilite: c.Civilite, Prenom: c.Prenom, Nom: c.Nom, Employeur: c.Employeur, Statut: c.StatutPro.Label(),
		Organisation: m.Organisation, Mission: m.Mission, NumeroArrete: m.NumeroArrete, DateArrete: m.DateArrete, Debut: m.Debut, Fin: m.Fin}
	if len(m.Territoire) > 0 {
		out.Territoire = "départements " + joinFR(m.Territoire)
	}
	if m.Convention != nil && m.Convention.SigneeLe != nil {
		out.ConventionLe, out.ConventionRef = *m.Convention.SigneeLe, m.Convention.Reference
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

// handleArrete sends the arrêté of a CEE's last mandate as a PDF.
func (s *Server) handleArrete(w http.ResponseWriter, r *http.Request) error {
	return s.sendArrete(w, r, 0)
}

// handleMandatArrete sends the arrêté of one mandate of the CEE's history,
// past ones included.
func (s *Server) handleMandatArrete(w http.ResponseWriter, r *http.Request) error {
	mid, err := strconv.ParseInt(r.PathValue("mandat"), 10, 64)
	if err != nil {
		return withStatus(http.StatusNotFound, errors.New("mandat inconnu"))
	}
	return s.sendArrete(w, r, mid)
}

// sendArrete sends the arrêté of mandate mid (0: the last one) of the CEE
// in the path: the individual arrêté, or the collective one that
// pronounced it. The download is written in the journal.
func (s *Server) sendArrete(w http.ResponseWriter, r *http.Request, mid int64) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.store.GetConseillerInScope(r.Context(), id, policy.ScopeOf(u.P))
	if err != nil {
		return err
	}
	var m model.Mandat
	if mid == 0 {
		m, err = s.store.LastMandat(r.Context(), c.ID)
	} else {
		m, err = s.store.GetMandat(r.Context(), c.ID, mid)
	}
	if errors.Is(err, store.ErrNotFound) {
		return withStatus(http.StatusNotFound, errors.New("pas encore d'arrêté : la désignation n'est pas prononcée"))
	}
	if err != nil {
		return err
	}
	if m.Collectif {
		return s.sendArreteCollectif(w, r, c.Academie, m.NumeroArrete)
	}
	var buf bytes.Buffer
	if err := pdf.ArreteIndividuel(&buf, pdfAcademie(c.Academie), pdfMandat(c, m)); err != nil {
		return err
	}
	if err := workflow.JournaliserExport(r.Context(), s.store, s.actor(r), workflow.Export{ObjetType: "arrete", ID: c.ID, Academie: c.Academie, Detail: "arrêté n° " + m.NumeroArrete}); err != nil {
		return err
	}
	return sendPDF(w, fmt.Sprintf("arrete-%s-%s.pdf", model.Fold(m.NumeroArrete), model.Fold(c.Nom)), buf.Bytes())
}

// handleArreteCollectif sends the collective arrêté of the académie with
// the number given: every CEE it designated or renewed.
func (s *Server) handleArreteCollectif(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	numero := strings.TrimSpace(r.URL.Query().Get("numero"))
	if numero == "" {
		return withStatus(http.StatusBadRequest, errors.New("indiquez le numéro de l'arrêté collectif (?numero=…)"))
	}
	academie := u.P.H.Academie
	if academie == "" {
		academie = r.URL.Query().Get("academie")
	}
	return s.sendArreteCollectif(w, r, academie, numero)
}

func (s *Server) sendArreteCollectif(w http.ResponseWriter, r *http.Request, academie, numero string) error {
	ms, err := s.store.MandatsOfArrete(r.Context(), academie, numero)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		return withStatus(http.StatusNotFound, fmt.Errorf("aucun arrêté n° %s dans l'académie", numero))
	}
	var list []pdf.Designation
	for _, m := range ms {
		// The act is public; a person outside the reader's scope is
		// still named as the arrêté names them.
		c, err := s.store.GetConseillerInScope(r.Context(), m.ConseillerID, model.Scope{National: true})
		if err != nil {
			return err
		}
		list = append(list, pdfMandat(c, m))
	}
	var buf bytes.Buffer
	if err := pdf.ArreteCollectif(&buf, pdfAcademie(academie), numero, ms[0].DateArrete, list); err != nil {
		return err
	}
	if err := workflow.JournaliserExport(r.Context(), s.store, s.actor(r), workflow.Export{ObjetType: "arrete_collectif", ID: 0, Academie: academie,
		Detail: fmt.Sprintf("arrêté n° %s : %d désignations", numero, len(list))}); err != nil {
		return err
	}
	return sendPDF(w, "arrete-collectif-"+model.Fold(numero)+".pdf", buf.Bytes())
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
