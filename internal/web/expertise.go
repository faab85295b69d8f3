package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/pdf"
	"cee/internal/policy"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// The attachment of an opinion: a PDF of 10 Mo at most.
const avisMaxPDF = 10 << 20

func (s *Server) routesExpertises() {
	s.handle("GET /expertises", can(model.ResExpertises, model.ActionLire), s.handleExpertises)
	s.handle("GET /expertises/nouvelle", can(model.ResExpertises, model.ActionGerer), s.handleExpertiseForm)
	s.handle("POST /expertises", can(model.ResExpertises, model.ActionGerer), s.handleExpertiseCreate)
	s.handle("GET /expertises/{id}", can(model.ResExpertises, model.ActionLire), s.handleExpertiseShow)
	s.handle("POST /expertises/{id}/reponse", conseillerSeul, s.handleExpertiseReponse, maxBody(avisMaxPDF+1<<20))
	s.handle("GET /expertises/{id}/avis/{avis}/avis.pdf", can(model.ResExpertises, model.ActionLire), s.handleAvisPDF)
	s.handle("GET /expertises/{id}/avis/{avis}/piece", can(model.ResExpertises, model.ActionLire), s.handleAvisPiece)
}

func (s *Server) handleExpertises(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	v := policy.ExpertisesVisibles(u.P)
	var list []model.Expertise
	if !v.Aucune {
		var err error
		list, err = s.store.ListExpertises(r.Context(), store.ExpertiseFilter{Academie: v.Academie, DemandeurID: v.DemandeurID, UAI: v.UAI, ConseillerID: v.ConseillerID})
		if err != nil {
			return err
		}
	}
	_, cee := policy.ConseillerDe(u.P)
	d := expertisesData{Items: list, Demande: policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResExpertises}), Conseiller: cee, Now: time.Now()}
	return render(w, r, http.StatusOK, expertisesPage(s.layout(r, "Avis d'expertise"), d))
}

type expertisesData struct {
	Items      []model.Expertise
	Demande    bool // the person may ask for an opinion
	Conseiller bool // the person is a CEE: the list is what is asked of them
	Now        time.Time
}

type expertiseFormData struct {
	V           url.Values
	Errs        map[string]string
	Conseillers []ui.Option
}

// conseillersExpertise are the CEE in mandate of the académie, whom an
// opinion can be asked of.
func (s *Server) conseillersExpertise(r *http.Request, academie string) ([]ui.Option, error) {
	var out []ui.Option
	for _, etat := range []model.EtatDesignation{model.DesignationActive, model.DesignationRenouvellement} {
		list, _, err := s.store.SearchConseillers(r.Context(), store.ConseillerFilter{Scope: model.Scope{Academie: academie}, Etat: etat, Limit: 5000})
		if err != nil {
			return nil, err
		}
		for _, c := range list {
			label := c.Nom + " " + c.Prenom
			var detail []string
			for _, x := range []string{c.Organisation, c.Secteur, c.Employeur} {
				if x != "" {
					detail = append(detail, x)
				}
			}
			if len(detail) > 0 {
				label += " — " + strings.Join(detail, ", ")
			}
			out = append(out, ui.Option{Value: itoa64(c.ID), Label: label})
		}
	}
	return out, nil
}

func (s *Server) expertiseForm(w http.ResponseWriter, r *http.Request, status int, v url.Values, errs map[string]string) error {
	u := currentUser(r)
	opts, err := s.conseillersExpertise(r, u.P.H.Academie)
	if err != nil {
		return err
	}
	return render(w, r, status, expertiseFormPage(s.layout(r, "Demander un avis"), expertiseFormData{V: v, Errs: errs, Conseillers: opts}))
}

func (s *Server) handleExpertiseForm(w http.ResponseWriter, r *http.Request) error {
	return s.expertiseForm(w, r, http.StatusOK, url.Values{}, map[string]string{})
}

// qualiteDemandeur is how the asker is named to the CEE: their function,
// not only their name.
func (s *Server) qualiteDemandeur(r *http.Request, p model.Principal) (string, error) {
	if uai, ok := policy.EtablissementDe(p); ok {
		e, err := s.store.GetEtablissement(r.Context(), uai)
		if err != nil {
			return "", err
		}
		return e.Nom, nil
	}
	return p.H.Role.Label(), nil
}

func (s *Server) handleExpertiseCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	r.ParseForm()
	v := r.PostForm
	if u.P.H.Academie == "" {
		return withStatus(http.StatusUnprocessableEntity, errors.New("une demande d'avis s'adresse aux conseillers d'une académie : prenez un rôle d'académie"))
	}
	e := model.Expertise{Academie: u.P.H.Academie, DemandeurID: u.Compte.ID, Demandeur: u.Compte.Nom, Sujet: model.SujetExpertise(v.Get("sujet")),
		Objet: strings.TrimSpace(v.Get("objet")), Question: strings.TrimSpace(v.Get("question"))}
	if e.Demandeur == "" {
		e.Demandeur = u.Compte.Email
	}
	e.UAI, _ = policy.EtablissementDe(u.P)
	var err error
	if e.Qualite, err = s.qualiteDemandeur(r, u.P); err != nil {
		return err
	}
	e.Echeance, _ = time.Parse("2006-01-02", v.Get("echeance"))
	opts, err := s.conseillersExpertise(r, e.Academie)
	if err != nil {
		return err
	}
	offered := map[string]bool{}
	for _, o := range opts {
		offered[o.Value] = true
	}
	errs := map[string]string{}
	seen := map[string]bool{}
	for _, k := range []string{"conseiller1", "conseiller2", "conseiller3"} {
		x := v.Get(k)
		if x == "" || seen[x] {
			continue
		}
		seen[x] = true
		if !offered[x] {
			errs["conseillers"] = "Ce conseiller n'est pas en mandat dans votre académie : choisissez-en un dans la liste."
			continue
		}
		id, _ := strconv.ParseInt(x, 10, 64)
		e.Avis = append(e.Avis, model.AvisExpertise{ConseillerID: id})
	}
	for k, msg := range e.Errors(time.Now()) {
		if errs[k] == "" {
			errs[k] = msg
		}
	}
	if v.Get("echeance") != "" && e.Echeance.IsZero() {
		errs["echeance"] = "Date invalide : format attendu JJ/MM/AAAA."
	}
	if len(errs) > 0 {
		return s.expertiseForm(w, r, http.StatusUnprocessableEntity, v, errs)
	}
	id, err := workflow.DemanderExpertise(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, e)
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Demande d'avis envoyée", fmt.Sprintf("%d conseiller(s) prévenu(s) par courriel ; avis attendu pour le %s.", len(e.Avis), model.Date(e.Echeance)))
	http.Redirect(w, r, fmt.Sprintf("/expertises/%d", id), http.StatusSeeOther)
	return nil
}

// expertiseToRead loads the request of the path and checks it against the
// person: the record behind the role (another school's, another
// inspector's, or one not addressed to this CEE is 404).
func (s *Server) expertiseToRead(r *http.Request) (model.Expertise, error) {
	id, err := pathID(r)
	if err != nil {
		return model.Expertise{}, err
	}
	e, err := s.store.GetExpertise(r.Context(), id)
	if err != nil {
		return model.Expertise{}, err
	}
	if !policy.ExpertiseVisible(currentUser(r).P, e) {
		return model.Expertise{}, withStatus(http.StatusNotFound, store.ErrNotFound)
	}
	return e, nil
}

type expertiseData struct {
	E    model.Expertise
	Mien *model.AvisExpertise // the opinion asked of the person, a CEE
	V    url.Values
	Errs map[string]string
	Now  time.Time
}

func (s *Server) expertisePage(w http.ResponseWriter, r *http.Request, status int, e model.Expertise, v url.Values, errs map[string]string) error {
	d := expertiseData{E: e, V: v, Errs: errs, Now: time.Now()}
	if a, ok := policy.AvisDe(currentUser(r).P, e); ok {
		d.Mien = &a
	}
	return render(w, r, status, expertiseShowPage(s.layout(r, "Demande d'avis : "+e.Objet), d))
}

func (s *Server) handleExpertiseShow(w http.ResponseWriter, r *http.Request) error {
	e, err := s.expertiseToRead(r)
	if err != nil {
		return err
	}
	return s.expertisePage(w, r, http.StatusOK, e, url.Values{}, map[string]string{})
}

// handleExpertiseReponse records the CEE's opinion or refusal. The form is
// multipart (an optional PDF); the text typed is kept on any error.
func (s *Server) handleExpertiseReponse(w http.ResponseWriter, r *http.Request) error {
	e, err := s.expertiseToRead(r)
	if err != nil {
		return err
	}
	mien, ok := policy.AvisDe(currentUser(r).P, e)
	if !ok {
		return withStatus(http.StatusNotFound, store.ErrNotFound)
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return withStatus(http.StatusBadRequest, errors.New("formulaire illisible : rechargez la page et recommencez"))
	}
	v := url.Values(r.MultipartForm.Value)
	av := mien
	av.Etat = model.EtatAvis(v.Get("decision"))
	av.Texte = strings.TrimSpace(v.Get("texte"))
	if av.Etat == model.AvisRendu {
		av.Minutes, _ = parseHeures(v.Get("heures"))
	}
	errs := av.Errors()
	var data []byte
	if file, head, err := r.FormFile("fichier"); err == nil {
		defer file.Close()
		data, err = io.ReadAll(io.LimitReader(file, avisMaxPDF+1))
		switch {
		case err != nil || len(data) > avisMaxPDF:
			errs["fichier"] = "Fichier trop volumineux : 10 Mo au plus."
		case len(data) == 0:
			data = nil
		case !bytes.HasPrefix(data, []byte("%PDF-")):
			errs["fichier"] = "Ce fichier n'est pas un PDF : enregistrez votre annexe au format PDF, ou n'en joignez pas."
		default:
			av.FichierNom = model.NomFichier(head.Filename, "application/pdf")
		}
	}
	if len(errs) > 0 {
		return s.expertisePage(w, r, http.StatusUnprocessableEntity, e, v, errs)
	}
	err = workflow.RepondreExpertise(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, e, av, data, time.Now())
	if errors.Is(err, model.ErrConflit) {
		return s.expertisePage(w, r, http.StatusConflict, e, v, map[string]string{"decision": "Vous avez déjà répondu à cette demande : votre réponse est conservée telle quelle."})
	}
	if err != nil {
		return err
	}
	if av.Etat == model.AvisRendu {
		setFlash(w, ui.KindSuccess, "Avis rendu", "Le demandeur est prévenu ; votre avis compte dans votre activité et sur votre attestation.")
	} else {
		setFlash(w, ui.KindInfo, "Demande déclinée", "Le demandeur est prévenu.")
	}
	http.Redirect(w, r, fmt.Sprintf("/expertises/%d", e.ID), http.StatusSeeOther)
	return nil
}

// avisOf is the opinion {avis} of the request of the path, given.
func (s *Server) avisOf(r *http.Request) (model.Expertise, model.AvisExpertise, error) {
	e, err := s.expertiseToRead(r)
	if err != nil {
		return e, model.AvisExpertise{}, err
	}
	id, err := strconv.ParseInt(r.PathValue("avis"), 10, 64)
	if err != nil {
		return e, model.AvisExpertise{}, withStatus(http.StatusNotFound, store.ErrNotFound)
	}
	for _, a := range e.Avis {
		if a.ID == id && a.Etat == model.AvisRendu {
			return e, a, nil
		}
	}
	return e, model.AvisExpertise{}, withStatus(http.StatusNotFound, store.ErrNotFound)
}

func (s *Server) handleAvisPDF(w http.ResponseWriter, r *http.Request) error {
	e, a, err := s.avisOf(r)
	if err != nil {
		return err
	}
	c, err := s.store.GetConseillerInScope(r.Context(), a.ConseillerID, model.Scope{Academie: e.Academie})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pdf.AvisExpertiseDocument(&buf, pdfAcademie(e.Academie), pdf.AvisExpertise{Civilite: c.Civilite, Prenom: c.Prenom, Nom: c.Nom,
		Employeur: c.Employeur, Demandeur: e.QuiDemande(), Sujet: e.Sujet.Label(), Objet: e.Objet, Question: e.Question, Texte: a.Texte,
		Heures: a.Heures(), Annexe: a.FichierNom, RenduLe: *a.RenduLe}); err != nil {
		return err
	}
	return sendPDF(w, fmt.Sprintf("avis-%d-%s.pdf", e.ID, model.Fold(c.Nom)), buf.Bytes())
}

func (s *Server) handleAvisPiece(w http.ResponseWriter, r *http.Request) error {
	_, a, err := s.avisOf(r)
	if err != nil {
		return err
	}
	nom, data, err := s.store.AvisFichier(r.Context(), a.ID)
	if err != nil {
		return err
	}
	return sendPDF(w, nom, data)
}

func expertiseTable(items []model.Expertise, now time.Time, cee bool) ui.TableParams {
	t := ui.TableParams{Caption: "Demandes d'avis", CaptionHidden: true, Bordered: true,
		Headers: []string{"Objet", "Sujet", "Demandé par", "Avis attendu le", "Avis"}, Empty: "Aucune demande d'avis."}
	if cee {
		t.Empty = "Aucun avis ne vous a été demandé."
	}
	for _, e := range items {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: e.Objet, Href: fmt.Sprintf("/expertises/%d", e.ID), Multiline: true}, {Text: e.Sujet.Label(), Multiline: true},
			{Text: e.QuiDemande(), Multiline: true}, {Text: model.Date(e.Echeance)}, {Text: avisResume(e, now), Multiline: true}})
	}
	return t
}

// avisResume is « 1 rendu, 1 attendu (en retard) ».
func avisResume(e model.Expertise, now time.Time) string {
	n := map[model.EtatAvis]int{}
	retard := 0
	for _, a := range e.Avis {
		n[a.Etat]++
		if e.EnRetard(a, now) {
			retard++
		}
	}
	var parts []string
	if n[model.AvisRendu] > 0 {
		parts = append(parts, fmt.Sprintf("%d rendu(s)", n[model.AvisRendu]))
	}
	if n[model.AvisAttendu] > 0 {
		p := fmt.Sprintf("%d attendu(s)", n[model.AvisAttendu])
		if retard > 0 {
			p += fmt.Sprintf(", dont %d en retard", retard)
		}
		parts = append(parts, p)
	}
	if n[model.AvisDecline] > 0 {
		parts = append(parts, fmt.Sprintf("%d décliné(s)", n[model.AvisDecline]))
	}
	return strings.Join(parts, ", ")
}

func sujetSelect(v, errMsg string) ui.SelectParams {
	p := ui.SelectParams{ID: "expertise-sujet", Name: "sujet", Label: "Sujet", Placeholder: "Choisir le sujet", Value: v, Error: errMsg, Required: true}
	for _, x := range model.SujetsExpertise() {
		p.Options = append(p.Options, ui.Option{Value: string(x), Label: x.Label()})
	}
	return p
}

func conseillerExpertiseSelect(n int, opts []ui.Option, v, errMsg string) ui.SelectParams {
	label := fmt.Sprintf("Conseiller %d (facultatif)", n)
	if n == 1 {
		label = "Conseiller"
	}
	return ui.SelectParams{ID: fmt.Sprintf("expertise-conseiller%d", n), Name: fmt.Sprintf("conseiller%d", n), Label: label,
		Hint: "Conseillers en mandat de l'académie : nom, organisation, secteur.", Placeholder: "Choisir un conseiller", Options: opts, Value: v,
		Error: errMsg, Required: n == 1}
}

func decisionRadios(v, errMsg string) ui.RadioGroupParams {
	return ui.RadioGroupParams{ID: "avis-decision", Name: "decision", Legend: "Votre réponse", Value: v, Error: errMsg,
		Options: []ui.Option{{Value: string(model.AvisRendu), Label: "Je rends mon avis"},
			{Value: string(model.AvisDecline), Label: "Je décline", Hint: "Expliquez pourquoi en une phrase : le demandeur s'adressera à un autre conseiller."}}}
}

func errIf(ok bool, msg string) string {
	if ok {
		return msg
	}
	return ""
}

func avisKind(e model.Expertise, a model.AvisExpertise, now time.Time) string {
	switch {
	case a.Etat == model.AvisRendu:
		return ui.KindSuccess
	case a.Etat == model.AvisDecline:
		return ""
	case e.EnRetard(a, now):
		return ui.KindWarning
	}
	return ui.KindInfo
}
