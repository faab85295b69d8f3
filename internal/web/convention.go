package web

import (
	"bytes"
	"cee/internal/workflow"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
)

const conventionMaxPDF = 10 << 20

type conventionData struct {
	Items         []model.Convention
	Organisations []model.Organisation
	V             url.Values
	Errs          map[string]string
	Admin         bool
}

func (s *Server) conventionPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, errs map[string]string) error {
	u := currentUser(r)
	items, err := s.store.ListConventions(r.Context(), u.P.H.Academie)
	if err != nil {
		return err
	}
	orgs, err := s.store.ListOrganisations(r.Context(), u.P.H.Academie)
	if err != nil {
		return err
	}
	d := conventionData{Items: items, Organisations: orgs, V: v, Errs: errs, Admin: policy.ChoisitAcademie(u.P)}
	return render(w, r, status, conventionsPage(s.layout(r, "Conventions"), d))
}

// handleConventions lists the conventions of the académie (D.331-66).
func (s *Server) handleConventions(w http.ResponseWriter, r *http.Request) error {
	return s.conventionPage(w, r, http.StatusOK, url.Values{}, map[string]string{})
}

func (s *Server) handleConventionCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	r.ParseForm()
	v := r.PostForm
	errs := map[string]string{}
	c := model.Convention{Academie: u.P.H.Academie, Objectifs: strings.TrimSpace(v.Get("objectifs")), DureeMois: model.DureeConventionMois}
	if c.Academie == "" {
		c.Academie = v.Get("academie")
	}
	if _, ok := refdata.AcademieByCode(c.Academie); !ok {
		errs["academie"] = "Choisissez une académie."
	} else if p, err := s.store.GetParametres(r.Context(), c.Academie); err != nil {
		return err
	} else {
		c.DureeMois = p.DureeConventionMois
	}
	var err error
	if c.OrganisationID, err = strconv.ParseInt(v.Get("organisation"), 10, 64); err != nil {
		errs["organisation"] = "Choisissez l'organisation signataire."
	} else if o, err := s.store.GetOrganisation(r.Context(), c.OrganisationID); err != nil || !contains(o.Academies, c.Academie) {
		errs["organisation"] = "Cette organisation n'est pas active dans l'académie."
	}
	if c.Debut, err = time.Parse("2006-01-02", v.Get("debut")); err != nil {
		errs["debut"] = "Date de début invalide : choisissez une date (JJ/MM/AAAA)."
	}
	if d := v.Get("duree"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > 120 {
			errs["duree"] = "Durée en mois, de 1 à 120 (36 par défaut, D.331-66)."
		}
		c.DureeMois = n
	}
	if len(errs) > 0 {
		return s.conventionPage(w, r, http.StatusUnprocessableEntity, v, errs)
	}
	err = workflow.CreerConvention(r.Context(), s.store, s.actor(r), c)
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Convention enregistrée", "Déposez le PDF signé pour la marquer signée.")
	http.Redirect(w, r, "/conventions", http.StatusSeeOther)
	return nil
}

// handleConventionSign stores the signed convention: a PDF of 10 Mo at most,
// checked by its content, not its name.
func (s *Server) handleConventionSign(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.store.GetConvention(r.Context(), id, u.P.H.Academie)
	if err != nil {
		return err
	}
	bad := func(msg string) error {
		return s.conventionPage(w, r, http.StatusUnprocessableEntity, url.Values{}, map[string]string{"fichier-" + itoa64(id): msg})
	}
	file, head, err := r.FormFile("fichier")
	if err != nil {
		return bad("Choisissez le PDF de la convention signée (10 Mo au plus).")
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, conventionMaxPDF+1))
	if err != nil || len(data) > conventionMaxPDF {
		return bad("Fichier trop volumineux : 10 Mo au plus.")
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return bad("Ce fichier n'est pas un PDF : enregistrez la convention signée au format PDF.")
	}
	nom := model.NomFichier(head.Filename, "application/pdf")
	err = workflow.SignerConvention(r.Context(), s.store, s.actor(r), c, nom, data)

	if errors.Is(err, store.ErrConflict) {
		return bad("Convention expirée : créez-en une nouvelle.")
	}
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Convention signée", c.Organisation+", jusqu'au "+model.Date(c.Fin()))
	http.Redirect(w, r, "/conventions", http.StatusSeeOther)
	return nil
}

func (s *Server) handleConventionFile(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	nom, data, err := s.store.ConventionFile(r.Context(), id, u.P.H.Academie)
	if err != nil {
		return err
	}
	return sendPDF(w, model.NomFichier(nom, "application/pdf"), data)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func conventionTable(items []model.Convention) ui.TableParams {
	t := ui.TableParams{Caption: "Conventions", CaptionHidden: true, Bordered: true,
		Headers: []string{"Organisation", "Début", "Fin", "État", "Convention signée"}, Empty: "Aucune convention."}
	for _, c := range items {
		var doc ui.TableCell
		if c.FichierNom != "" {
			doc = ui.TableCell{Text: c.FichierNom, Href: fmt.Sprintf("/conventions/%d/convention.pdf", c.ID)}
		} else if c.Etat == model.ConventionBrouillon {
			doc = ui.TableCell{Content: conventionUpload(c.ID)}
		}
		t.Rows = append(t.Rows, []ui.TableCell{{Text: c.Organisation}, {Text: model.Date(c.Debut)}, {Text: model.Date(c.Fin())},
			{Content: conventionBadge(c.Etat)}, doc})
	}
	return t
}

func conventionKind(e model.EtatConvention) string {
	switch e {
	case model.ConventionSignee:
		return ui.KindSuccess
	case model.ConventionExpiree:
		return ui.KindError
	}
	return ui.KindInfo
}
