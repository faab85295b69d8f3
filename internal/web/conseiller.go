package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"cee/internal/export"
	"cee/internal/importer"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

type conseillerListData struct {
	Items         []model.Conseiller
	Membres       []store.Membre // the combined view of CEE and professionals
	Combined      bool
	CanSeePros    bool
	Total, Page   int
	Pages         int
	Query         url.Values
	National      bool
	Organisations []model.Organisation
	CanPropose    bool
	// Prononce: the person pronounces arrêtés (a link to the collective
	// one).
	Prononce bool
}

func (s *Server) conseillerFilter(r *http.Request) (store.ConseillerFilter, error) {
	f, err := workflow.FiltreAnnuaire(currentUser(r).P, r.URL.Query())
	if err != nil {
		return f, withStatus(http.StatusBadRequest, err)
	}
	f.Limit = pageSize
	return f, nil
}

// handleConseillerList is the directory: search as you type (htmx swaps
// the results), accent- and case-insensitive, within the role's scope.
func (s *Server) handleConseillerList(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	f, err := s.conseillerFilter(r)
	if err != nil {
		return err
	}
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	f.Offset = (page - 1) * pageSize
	_, canPropose := policy.ActeurDesignation(u.P)
	d := conseillerListData{Page: page, Query: r.URL.Query(), National: policy.ScopeOf(u.P).National, CanPropose: canPropose,
		Prononce:   policy.LanceRenouvellements(u.P),
		CanSeePros: policy.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResProfessionnels})}
	d.Combined = d.CanSeePros && r.URL.Query().Get("qui") == "tous"
	if d.Combined {
		// Filters only CEE have leave the professionals out.
		pros := f.Etat == "" && f.OrganisationID == 0 && f.Specialite == "" && f.Specialites == nil && f.StatutPro == "" && f.DisponibleDu.IsZero()
		pf := store.ProfessionnelFilter{Scope: f.Scope, Q: f.Q, Departement: f.Departement, SectionNAF: f.SectionNAF}
		if f.Scope.Conseiller != "" {
			pf.Scope = model.Scope{Academie: u.P.H.Academie} // a CEE sees the académie's consenting network
		}
		d.Membres, d.Total, err = s.store.SearchReseau(r.Context(), f, pf, pros)
	} else {
		d.Items, d.Total, err = s.store.SearchConseillers(r.Context(), f)
	}
	if err != nil {
		return err
	}
	d.Pages = max(1, (d.Total+pageSize-1)/pageSize)
	if d.Organisations, err = s.store.ListOrganisations(r.Context(), u.P.H.Academie); err != nil {
		return err
	}
	if r.Header.Get("HX-Request") == "true" {
		return render(w, r, http.StatusOK, conseillerResults(d))
	}
	return render(w, r, http.StatusOK, conseillerListPage(s.layout(r, "Annuaire des conseillers"), d))
}

// handleConseillerExport sends the filtered directory as a spreadsheet (CSV
// or XLSX, from the path), written in the journal.
func (s *Server) handleConseillerExport(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	f, err := s.conseillerFilter(r)
	if err != nil {
		return err
	}
	f.Limit = 100000
	items, err := workflow.ExporterConseillers(r.Context(), s.store, s.actor(r), f, r.URL.RawQuery)
	if err != nil {
		return err
	}
	header := []string{"Civilité", "Nom", "Prénom", "Courriel", "Téléphone", "Employeur", "Statut", "Code NAF", "Secteur",
		"Commune", "Département", "Académie", "Organisation", "Désignation", "Fin de mandat"}
	rows := make([][]string, 0, len(items))
	for _, c := range items {
		fin := ""
		if c.FinMandat != nil {
			fin = c.FinMandat.Format("02/01/2006")
		}
		tel := c.Telephone
		if !policy.TelephoneVisible(u.P, c) {
			tel = ""
		}
		rows = append(rows, []string{c.Civilite, c.Nom, c.Prenom, c.Email, tel, c.Employeur, c.StatutPro.Label(),
			c.CodeNAF, refdata.LibelleNAF(c.CodeNAF), c.NomCommune, c.Departement, refdata.LibelleAcademie(c.Academie), c.Organisation, c.Etat.Label(), fin})
	}
	name := "conseillers-" + time.Now().Format("2006-01-02")
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		return export.XLSX(w, "Conseillers", header, rows)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	return export.CSV(w, header, rows)
}

type conseillerShowData struct {
	C       model.Conseiller
	D       *model.Designation
	Next    []model.EtatDesignation
	Err     string
	Form    url.Values
	CanEdit bool
	// CanAvis: an inspector of the académie may give their opinion now.
	CanAvis bool
	// SansAvis: the pilote may designate a candidature in instruction that
	// no inspector gave an opinion on; the page says so.
	SansAvis bool
	// ShowPhone: the number is shown unless the CEE hid it from readers
	// other than the pilote.
	ShowPhone bool
	// Mandats is the history of the CEE's mandates, one per arrêté.
	Mandats []model.Mandat
	// SansConvention: the designation was refused for want of a convention
	// in force and the académie lets the pilote override it.
	SansConvention bool
}

func (s *Server) handleConseillerShow(w http.ResponseWriter, r *http.Request) error {
	return s.showConseiller(w, r, http.StatusOK, "", nil)
}

// showConseiller renders a profile with its contact details: each display
// is written in the journal.
func (s *Server) showConseiller(w http.ResponseWriter, r *http.Request, status int, errMsg string, form url.Values) error {
	return s.showConseillerAvec(w, r, status, errMsg, form, false)
}

// showConseillerAvec renders a profile; sansConvention adds the override
// of a designation without a convention in force to the form.
func (s *Server) showConseillerAvec(w http.ResponseWriter, r *http.Request, status int, errMsg string, form url.Values, sansConvention bool) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := workflow.ConsulterConseiller(r.Context(), s.store, s.actor(r), id)
	if err != nil {
		return err
	}
	d := conseillerShowData{C: c, Err: errMsg, Form: form, CanEdit: policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResConseillers, Academie: c.Academie}),
		SansConvention: sansConvention}
	d.ShowPhone = policy.TelephoneVisible(u.P, c)
	if des, err := s.store.CurrentDesignation(r.Context(), c.ID); err == nil {
		d.D = &des
		d.CanAvis = des.CanGiveAvis() && policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResAvis, Academie: c.Academie})
		if acteur, ok := policy.ActeurDesignation(u.P); ok {
			d.Next = model.NextStates(des.Etat, acteur)
		}
		d.SansAvis = des.Etat == model.DesignationEnInstruction && des.Avis.Sens == "" && slices.Contains(d.Next, model.DesignationDesignee)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if d.Mandats, err = s.store.ListMandats(r.Context(), c.ID); err != nil {
		return err
	}
	return render(w, r, status, conseillerShowPage(s.layout(r, c.NomComplet()), d))
}

// handleDesignationTransition moves the CEE's designation to another state.
func (s *Server) handleDesignationTransition(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	t := model.Transition{To: model.EtatDesignation(r.PostFormValue("etat")), NumeroArrete: strings.TrimSpace(r.PostFormValue("numero")),
		Motif: model.MotifFin(r.PostFormValue("motif"))}
	if r.PostFormValue("sans_convention") == "1" {
		// The override counts only when ticked: a reason alone is not one.
		t.Derogation = strings.TrimSpace(r.PostFormValue("derogation"))
		if t.Derogation == "" {
			t.Derogation = " " // ticked without a reason: the workflow asks for one
		}
	}
	var bad []string
	for _, f := range []struct {
		name string
		dst  *time.Time
	}{{"date_arrete", &t.DateArrete}, {"debut", &t.Debut}} {
		if v := r.PostFormValue(f.name); v != "" {
			d, err := time.Parse("2006-01-02", v)
			if err != nil {
				bad = append(bad, "date « "+v+" » invalide")
			}
			*f.dst = d
		}
	}
	if len(bad) > 0 {
		return s.showConseiller(w, r, http.StatusUnprocessableEntity, strings.Join(bad, " ; "), r.PostForm)
	}
	d, err := workflow.Transition(r.Context(), s.store, workflow.Actor{Compte: u.Compte, P: u.P, IP: clientIP(r)}, s.cfg.BaseURL, id, t)
	if errors.Is(err, store.ErrNotFound) {
		return err
	}
	if ue, ok := model.ErreurUtilisateur(err); ok && ue != model.ErrConflit {
		// A precise message (a taken arrêté number, an overlap, no
		// convention): the form again, with it.
		return s.showConseillerAvec(w, r, http.StatusUnprocessableEntity, ue.Message, r.PostForm, errors.Is(err, model.ErrSansConvention) || t.Derogation != "")
	}
	if errors.Is(err, store.ErrConflict) {
		return s.showConseiller(w, r, http.StatusConflict, "La désignation a été modifiée entre-temps : vérifiez son état et recommencez.", r.PostForm)
	}
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Désignation : "+d.Etat.Label(), "Un courriel informe le conseiller.")
	http.Redirect(w, r, "/conseillers/"+itoa64(id), http.StatusSeeOther)
	return nil
}

// handleAvis records an inspector's opinion on a candidature being
// instructed.
func (s *Server) handleAvis(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	avis := model.Avis{Sens: model.SensAvis(r.PostFormValue("avis")), Commentaire: strings.TrimSpace(r.PostFormValue("commentaire"))}
	err = workflow.DonnerAvis(r.Context(), s.store, workflow.Actor{Compte: u.Compte, P: u.P, IP: clientIP(r)}, s.cfg.BaseURL, id, avis)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return err
	case errors.Is(err, store.ErrConflict):
		return s.showConseiller(w, r, http.StatusConflict, "La candidature n'est plus en instruction : l'avis n'a pas été enregistré.", r.PostForm)
	case err != nil:
		msg, ok := userMessage(err)
		if !ok {
			return err
		}
		return s.showConseiller(w, r, http.StatusUnprocessableEntity, msg, r.PostForm)
	}
	setFlash(w, ui.KindSuccess, "Avis enregistré", "Les pilotes de l'académie en sont informés.")
	http.Redirect(w, r, "/conseillers/"+itoa64(id), http.StatusSeeOther)
	return nil
}

func avisRadios(v string) ui.RadioGroupParams {
	return ui.RadioGroupParams{ID: "avis-sens", Name: "avis", Legend: "Votre avis", Value: v,
		Options: []ui.Option{{Value: string(model.AvisFavorable), Label: model.AvisFavorable.Label()},
			{Value: string(model.AvisReserve), Label: model.AvisReserve.Label()}, {Value: string(model.AvisDefavorable), Label: model.AvisDefavorable.Label()}}}
}

type proposeForm struct {
	V             url.Values
	Errs          map[string]string
	Organisations []model.Organisation
	FixedOrg      string
	Academies     []refdata.Academie
	FixedAcademie string
}

func (s *Server) newProposeForm(r *http.Request) (proposeForm, error) {
	u := currentUser(r)
	f := proposeForm{V: url.Values{}, Errs: map[string]string{}, Academies: refdata.Academies()}
	if !policy.ChoisitAcademie(u.P) {
		f.FixedAcademie = u.P.H.Academie
	}
	orgs, err := s.store.ListOrganisations(r.Context(), f.FixedAcademie)
	f.Organisations = orgs
	if id, ok := policy.OrganisationDe(u.P); ok {
		f.FixedOrg = itoa64(id)
	}
	return f, err
}

func (s *Server) handleProposeForm(w http.ResponseWriter, r *http.Request) error {
	f, err := s.newProposeForm(r)
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, proposePage(s.layout(r, "Proposer un conseiller"), f))
}

// handleProposeCreate records an organisation's proposal of a candidate.
func (s *Server) handleProposeCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	f, err := s.newProposeForm(r)
	if err != nil {
		return err
	}
	r.ParseForm()
	f.V = r.PostForm
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	c := model.Conseiller{Civilite: v("civilite"), Nom: v("nom"), Prenom: v("prenom"), Employeur: v("employeur"),
		Telephone: v("telephone"), Academie: f.FixedAcademie}
	if c.StatutPro, err = model.ParseStatutPro(v("statut")); err != nil {
		f.Errs["statut"] = err.Error()
	}
	if c.Academie == "" {
		c.Academie = v("academie")
	}
	if c.Nom == "" {
		f.Errs["nom"] = "Indiquez le nom."
	}
	if c.Prenom == "" {
		f.Errs["prenom"] = "Indiquez le prénom."
	}
	email, err := model.NormalizeEmail(v("email"))
	if err != nil {
		f.Errs["email"] = err.Error()
	}
	c.Email = email
	if _, ok := refdata.AcademieByCode(c.Academie); !ok {
		f.Errs["academie"] = "Choisissez une académie."
	}
	var msg string
	if c.CodeNAF, msg = activiteField(v("naf")); msg != "" {
		f.Errs["naf"] = msg
	}
	if c.SIRET, msg = importer.LireSIRET(v("siret")); msg != "" {
		f.Errs["siret"] = msg
	}
	if cm, msg := communeField(v("commune")); msg != "" {
		f.Errs["commune"] = msg
	} else if cm.CodeINSEE != "" {
		c.CodeCommune, c.NomCommune, c.Departement = cm.CodeINSEE, cm.Nom, cm.Departement
	}
	orgRef := f.FixedOrg
	if orgRef == "" {
		orgRef = v("organisation")
	}
	c.OrganisationID, _ = strconv.ParseInt(orgRef, 10, 64)
	found := false
	for _, o := range f.Organisations {
		found = found || o.ID == c.OrganisationID
	}
	if !found {
		f.Errs["organisation"] = "Choisissez l'organisation qui propose le candidat."
	}
	mission := v("mission")
	if mission == "" {
		f.Errs["mission"] = "Décrivez la mission proposée (D.331-67)."
	}
	mergeErrs(f.Errs, c.Errors())
	model.VerifierLongueurs(f.Errs, model.Longueur{Cle: "mission", Libelle: "La mission", Valeur: mission, Max: model.LongueurTexte})
	if len(f.Errs) > 0 {
		return render(w, r, http.StatusUnprocessableEntity, proposePage(s.layout(r, "Proposer un conseiller"), f))
	}
	id, err := workflow.Propose(r.Context(), s.store, workflow.Actor{Compte: u.Compte, P: u.P, IP: clientIP(r)}, s.cfg.BaseURL, c, mission)
	if errors.Is(err, store.ErrConflict) {
		msg, ok := userMessage(err)
		if !ok {
			return err
		}
		f.Errs["email"] = msg
		return render(w, r, http.StatusUnprocessableEntity, proposePage(s.layout(r, "Proposer un conseiller"), f))
	}
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Candidature proposée", c.NomComplet()+" est "+model.Accorde(c.Civilite, "proposé", "proposée")+" au recteur ; la mission école-entreprise va l'instruire.")
	http.Redirect(w, r, "/conseillers/"+itoa64(id), http.StatusSeeOther)
	return nil
}

func etatKind(e model.EtatDesignation) string {
	switch e {
	case model.DesignationActive, model.DesignationDesignee:
		return ui.KindSuccess
	case model.DesignationTerminee, model.DesignationRejetee, model.DesignationRetiree:
		return ui.KindError
	case model.DesignationRenouvellement:
		return ui.KindWarning
	}
	return ui.KindInfo
}

func conseillerTable(items []model.Conseiller) ui.TableParams {
	t := ui.TableParams{Caption: "Conseillers", CaptionHidden: true, Bordered: true,
		Headers: []string{"Nom", "Employeur", "Secteur", "Commune", "Organisation", "Désignation", "Fin de mandat"},
		Empty:   "Aucun conseiller ne correspond à ces critères."}
	for _, c := range items {
		fin := ""
		if c.FinMandat != nil {
			fin = model.Date(*c.FinMandat)
		}
		t.Rows = append(t.Rows, []ui.TableCell{
			{Text: c.Nom + " " + c.Prenom, Href: "/conseillers/" + itoa64(c.ID)},
			// Employers, sectors and organisations have long names: they
			// wrap, so that the directory fits 1366 px without scrolling.
			{Text: c.Employeur, Multiline: true}, {Text: refdata.LibelleNAF(c.CodeNAF), Multiline: true}, {Text: c.NomCommune},
			{Text: c.Organisation, Multiline: true}, {Content: etatBadge(c.Etat)}, {Text: fin},
		})
	}
	return t
}

func membreTable(items []store.Membre) ui.TableParams {
	t := ui.TableParams{Caption: "Conseillers et professionnels", CaptionHidden: true, Bordered: true,
		Headers: []string{"Nom", "Qui", "Organisation ou entreprise", "Secteur", "Commune", "Désignation"},
		Empty:   "Personne ne correspond à ces critères."}
	for _, m := range items {
		href, qui := "/conseillers/"+itoa64(m.ID), "Conseiller"
		if m.Genre == "professionnel" {
			href, qui = "/professionnels/"+itoa64(m.ID), "Professionnel du réseau"
		}
		t.Rows = append(t.Rows, []ui.TableCell{{Text: m.Nom + " " + m.Prenom, Href: href}, {Text: qui}, {Text: m.Rattachement, Multiline: true},
			{Text: refdata.LibelleNAF(m.CodeNAF), Multiline: true}, {Text: m.Commune}, {Content: etatBadge(m.Etat)}})
	}
	return t
}

func triSelect(v string) ui.SelectParams {
	return ui.SelectParams{ID: "filtre-tri", Name: "tri", Label: "Trier par", Value: v, Placeholder: "Nom",
		Options: []ui.Option{{Value: string(store.TriCommune), Label: "Commune"}, {Value: string(store.TriFin), Label: "Fin de mandat la plus proche"},
			{Value: string(store.TriRecent), Label: "Fiche modifiée récemment"}}}
}

func quiSelect(v string) ui.SelectParams {
	return ui.SelectParams{ID: "filtre-qui", Name: "qui", Label: "Qui", Value: v, Placeholder: "Conseillers",
		Hint:    "Les professionnels n'apparaissent qu'avec les filtres communs (texte, secteur, département).",
		Options: []ui.Option{{Value: "tous", Label: "Conseillers et professionnels du réseau"}}}
}

func statutFilter(v string) ui.SelectParams {
	p := statutSelect(v, "")
	p.ID, p.Placeholder, p.Required = "filtre-statut", "Tous les statuts", false
	return p
}

func etatSelect(v string) ui.SelectParams {
	p := ui.SelectParams{ID: "filtre-etat", Name: "etat", Label: "Désignation", Placeholder: "Tous les états", Value: v}
	for _, e := range model.EtatsDesignation() {
		p.Options = append(p.Options, ui.Option{Value: string(e), Label: e.Label()})
	}
	return p
}

func nafSelect(v string) ui.SelectParams {
	p := ui.SelectParams{ID: "filtre-naf", Name: "naf", Label: "Secteur (section NAF)", Placeholder: "Tous les secteurs", Value: v}
	for _, n := range refdata.NAFSections() {
		p.Options = append(p.Options, ui.Option{Value: n.Code, Label: n.Code + " — " + n.Libelle})
	}
	return p
}

func organisationSelect(id, name, v string, orgs []model.Organisation, placeholder, errMsg string) ui.SelectParams {
	p := ui.SelectParams{ID: id, Name: name, Label: "Organisation", Placeholder: placeholder, Value: v, Error: errMsg}
	for _, o := range orgs {
		p.Options = append(p.Options, ui.Option{Value: itoa64(o.ID), Label: o.Nom})
	}
	return p
}

func statutSelect(v, errMsg string) ui.SelectParams {
	p := ui.SelectParams{ID: "prop-statut", Name: "statut", Label: "Statut professionnel", Placeholder: "Choisir", Value: v, Error: errMsg}
	for _, st := range model.StatutsPro() {
		p.Options = append(p.Options, ui.Option{Value: string(st), Label: st.Label()})
	}
	return p
}

// statutProSelect is statutSelect for a professional of the wider network,
// whose status may stay unknown (the empty option).
func statutProSelect(id, v, errMsg string) ui.SelectParams {
	p := statutSelect(v, errMsg)
	p.ID, p.Label, p.Placeholder = id, "Statut professionnel (facultatif)", "Non renseigné"
	p.Hint = "Il fixe le collège, employeurs ou salariés, dans les jurys d'examen ; un artisan siège parmi les employeurs."
	return p
}

func motifSelect() ui.SelectParams {
	p := ui.SelectParams{ID: "motif-fin", Name: "motif", Label: "Motif de fin (pour « Terminée »)", Placeholder: "Choisir un motif"}
	for _, m := range model.MotifsFin() {
		p.Options = append(p.Options, ui.Option{Value: string(m), Label: m.Label()})
	}
	return p
}

func transitionRadios(d conseillerShowData) ui.RadioGroupParams {
	p := ui.RadioGroupParams{ID: "transition", Name: "etat", Legend: "Faire passer la désignation à", Value: d.Form.Get("etat")}
	for _, e := range d.Next {
		label := e.Label()
		if e == model.DesignationDesignee && d.D != nil && d.D.Etat == model.DesignationRenouvellement {
			// The CEE stays in mandate: the arrêté adds the next mandate.
			label = "Renouvelée (nouvel arrêté, à la suite du mandat en cours)"
		}
		p.Options = append(p.Options, ui.Option{Value: string(e), Label: label})
	}
	return p
}

func academieChoice(list []refdata.Academie, v, errMsg string) ui.SelectParams {
	p := ui.SelectParams{ID: "choix-academie", Name: "academie", Label: "Académie", Placeholder: "Choisir une académie", Value: v, Error: errMsg}
	for _, a := range list {
		p.Options = append(p.Options, ui.Option{Value: a.Code, Label: a.Nom})
	}
	return p
}

type profilForm struct {
	C    model.Conseiller
	V    url.Values
	Errs map[string]string
}

func (s *Server) conseillerToEdit(r *http.Request) (model.Conseiller, error) {
	id, err := pathID(r)
	if err != nil {
		return model.Conseiller{}, err
	}
	return s.store.GetConseillerInScope(r.Context(), id, policy.ScopeOf(currentUser(r).P))
}

func (s *Server) handleProfilForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.conseillerToEdit(r)
	if err != nil {
		return err
	}
	v := url.Values{"telephone": {c.Telephone}, "employeur": {c.Employeur}, "siret": {c.SIRET}, "statut": {string(c.StatutPro)}, "naf": {refdata.ReferentielActivites().Libelle(c.CodeNAF)},
		"commune":     {refdata.ReferentielCommunes().Libelle(c.CodeCommune)},
		"territoire":  {workflow.LibellesReferences(refdata.ReferentielDepartements(), c.Territoire)},
		"specialites": {workflow.LibellesReferences(refdata.ReferentielSpecialites(), c.Specialites)},
		"familles":    c.Familles,
		"metiers":     {workflow.LibellesMetiers(c.Metiers)}, "langues": {strings.Join(c.Langues, ", ")}}
	for _, p := range c.Dispo.Indisponibilites {
		v.Add("indispo_debut", p.Debut.Format(time.DateOnly))
		v.Add("indispo_fin", p.Fin.Format(time.DateOnly))
	}
	if c.TelephoneMasque {
		v.Add("visibilite", "telephone_masque")
	}
	if c.EnPause {
		v.Add("visibilite", "en_pause")
	}
	if c.Dispo.MaxParMois > 0 {
		v.Set("max", strconv.Itoa(c.Dispo.MaxParMois))
	}
	if c.Dispo.DistanceMaxKm > 0 {
		v.Set("distance_max_km", strconv.Itoa(c.Dispo.DistanceMaxKm))
	}
	for _, j := range c.Dispo.Jours {
		v.Add("jours", strconv.Itoa(int(j)))
	}
	return render(w, r, http.StatusOK, profilPage(s.layout(r, "Compléter la fiche"), profilForm{C: c, V: v, Errs: map[string]string{}}))
}

// handleProfilSave updates the professional part of a profile: the CEE
// themself, or the pilote. Identity and e-mail stay with the designation.
func (s *Server) handleProfilSave(w http.ResponseWriter, r *http.Request) error {
	c, err := s.conseillerToEdit(r)
	if err != nil {
		return err
	}
	r.ParseForm()
	f := profilForm{C: c, V: r.PostForm, Errs: map[string]string{}}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	c.Telephone, c.Employeur = v("telephone"), v("employeur")
	if c.StatutPro, err = model.ParseStatutPro(v("statut")); err != nil {
		f.Errs["statut"] = err.Error()
	}
	var msg string
	if c.SIRET, msg = importer.LireSIRET(v("siret")); msg != "" {
		f.Errs["siret"] = msg
	}
	if c.CodeNAF, msg = activiteField(v("naf")); msg != "" {
		f.Errs["naf"] = msg
	}
	if cm, msg := communeField(v("commune")); msg != "" {
		f.Errs["commune"] = msg
	} else if cm.CodeINSEE != "" {
		c.CodeCommune, c.NomCommune, c.Departement = cm.CodeINSEE, cm.Nom, cm.Departement
	}
	if c.Territoire, msg = workflow.LireReferences(refdata.ReferentielDepartements(), v("territoire")); msg != "" {
		f.Errs["territoire"] = msg
	}
	for _, code := range c.Territoire {
		if dep, _ := refdata.DepartementByCode(code); dep.Academie != c.Academie {
			f.Errs["territoire"] = "« " + refdata.ReferentielDepartements().Libelle(code) + " » est hors de l'académie : laissez vide pour toute l'académie, ou choisissez ses départements."
		}
	}
	if c.Specialites, msg = workflow.LireSpecialites(v("specialites")); msg != "" {
		f.Errs["specialites"] = msg
	}
	c.Familles = nil
	for _, code := range r.PostForm["familles"] {
		if _, ok := refdata.FamilleMetiersByCode(code); ok {
			c.Familles = append(c.Familles, code)
		}
	}
	if c.Metiers, msg = workflow.LireMetiers(v("metiers")); msg != "" {
		f.Errs["metiers"] = msg
	}
	c.Langues = listField(v("langues"))
	c.TelephoneMasque = slices.Contains(r.PostForm["visibilite"], "telephone_masque")
	c.EnPause = slices.Contains(r.PostForm["visibilite"], "en_pause")
	c.Dispo = model.Disponibilite{}
	for _, j := range r.PostForm["jours"] {
		if n, err := strconv.Atoi(j); err == nil && n >= 0 && n <= 6 {
			c.Dispo.Jours = append(c.Dispo.Jours, time.Weekday(n))
		}
	}
	if m := v("max"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 0 || n > 60 {
			f.Errs["max"] = "Nombre de sollicitations par mois : un entier de 1 à 60, ou vide pour ne pas limiter."
		}
		c.Dispo.MaxParMois = n
	}
	if m := v("distance_max_km"); m != "" {
		n, err := strconv.Atoi(m)
		if msg := model.ErreurDistanceSaisie(n); err != nil || msg != "" {
			f.Errs["distance_max_km"] = model.ErreurDistanceSaisie(-1)
		}
		c.Dispo.DistanceMaxKm = n
	}
	periodes, ligne, msg := lirePeriodes(r.PostForm["indispo_debut"], r.PostForm["indispo_fin"])
	if msg != "" {
		f.Errs[indispoErrKey(ligne)] = msg
	}
	c.Dispo.Indisponibilites = periodes
	mergeErrs(f.Errs, c.Errors())
	if len(f.Errs) > 0 {
		return render(w, r, http.StatusUnprocessableEntity, profilPage(s.layout(r, "Compléter la fiche"), f))
	}
	err = workflow.EnregistrerFiche(r.Context(), s.store, s.actor(r), c)
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Fiche enregistrée", "")
	http.Redirect(w, r, "/conseillers/"+itoa64(c.ID), http.StatusSeeOther)
	return nil
}

// listField reads free items separated by commas or semicolons (words
// may contain spaces: « chef de chantier »).
func listField(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func familleOptions() []ui.Option {
	var out []ui.Option
	for _, f := range refdata.FamillesMetiers() {
		out = append(out, ui.Option{Value: f.Code, Label: f.Libelle})
	}
	return out
}

func visibiliteOptions(c model.Conseiller) []ui.Option {
	return []ui.Option{
		{Value: "telephone_masque", Label: "Masquer mon téléphone", Hint: "Seule la mission école-entreprise de l'académie le verra ; les autres lecteurs de l'annuaire voient votre courriel."},
		{Value: "en_pause", Label: "Ne pas me solliciter pour le moment", Hint: "Vous restez dans l'annuaire, mais vous n'êtes plus " + model.Accorde(c.Civilite, "proposé", "proposée") + " pour les demandes des établissements."},
	}
}

func splitCodes(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// activiteField reads an optional company activity (NAF sous-classe)
// chosen or typed in a form: its label or its code.
func activiteField(s string) (string, string) {
	return workflow.LireReference(refdata.ReferentielActivites(), s)
}

// communeField reads an optional commune chosen or typed in a form: its
// label (« Toulouse (31) »), its name or its INSEE code; the zero Commune
// when empty.
func communeField(s string) (refdata.Commune, string) { return workflow.CommuneSaisie(s) }

func familleSelect(v string) ui.SelectParams {
	return ui.SelectParams{ID: "filtre-famille", Name: "famille", Label: "Famille de métiers (bac pro)", Placeholder: "Toutes les familles", Value: v,
		Options: familleOptions()}
}

// lirePeriodes reads the unavailable periods picked as pairs of dates
// (« du », « au »); a row left empty is skipped, a row with one date is that
// day. The date inputs send AAAA-MM-JJ; JJ/MM/AAAA typed in a browser
// without a date picker is read too. On error, the row (from 0) and its
// message.
func lirePeriodes(debuts, fins []string) ([]model.Periode, int, string) {
	var out []model.Periode
	for i := range max(len(debuts), len(fins)) {
		a, b := valeurA(debuts, i), valeurA(fins, i)
		if a == "" && b == "" {
			continue
		}
		if a == "" {
			a = b
		}
		if b == "" {
			b = a
		}
		d, ok1 := lireDate(a)
		f, ok2 := lireDate(b)
		switch {
		case !ok1 || !ok2:
			return nil, i, "Date illisible : choisissez-la dans le calendrier, ou écrivez-la JJ/MM/AAAA."
		case f.Before(d):
			return nil, i, "La fin précède le début : la période va du " + model.Date(d) + " au " + model.Date(f) + "."
		}
		out = append(out, model.Periode{Debut: d, Fin: f})
	}
	return out, 0, ""
}

func valeurA(list []string, i int) string {
	if i < len(list) {
		return strings.TrimSpace(list[i])
	}
	return ""
}

func lireDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, "02/01/2006"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

func indispoErrKey(ligne int) string { return "indispo_" + strconv.Itoa(ligne) }

// periodeLigne is one row of the unavailable periods' fieldset.
type periodeLigne struct {
	N          int // from 1, for the labels
	Debut, Fin string
	ErrKey     string
}

// periodesLignes are the rows of the form: the periods given, then empty
// rows to add more (two at least, one more after the last filled).
func periodesLignes(v url.Values) []periodeLigne {
	debuts, fins := v["indispo_debut"], v["indispo_fin"]
	n := 0
	for i := range max(len(debuts), len(fins)) {
		if valeurA(debuts, i) != "" || valeurA(fins, i) != "" {
			n = i + 1
		}
	}
	var out []periodeLigne
	for i := range max(n+1, 2) {
		out = append(out, periodeLigne{N: i + 1, Debut: valeurA(debuts, i), Fin: valeurA(fins, i), ErrKey: indispoErrKey(i)})
	}
	return out
}

func joursOptions() []ui.Option {
	var out []ui.Option
	for _, j := range model.JoursFR {
		out = append(out, ui.Option{Value: strconv.Itoa(int(j.Jour)), Label: j.Label})
	}
	return out
}

// dispoText says when a CEE can be solicited, for the profile page.
func dispoText(d model.Disponibilite) string {
	var parts []string
	if len(d.Jours) > 0 {
		var js []string
		for _, j := range d.Jours {
			for _, x := range model.JoursFR {
				if x.Jour == j {
					js = append(js, strings.ToLower(x.Label))
				}
			}
		}
		parts = append(parts, "le "+strings.Join(js, ", "))
	} else {
		parts = append(parts, "tous les jours ouvrés")
	}
	if d.MaxParMois > 0 {
		parts = append(parts, fmt.Sprintf("%d sollicitation(s) par mois au plus", d.MaxParMois))
	}
	for _, p := range d.Indisponibilites {
		parts = append(parts, "indisponible du "+model.Date(p.Debut)+" au "+model.Date(p.Fin))
	}
	return strings.Join(parts, " ; ")
}

// mergeErrs adds to errs the field errors of an entity's validation, the
// first message of a field winning.
func mergeErrs(errs, more map[string]string) {
	for k, m := range more {
		if errs[k] == "" {
			errs[k] = m
		}
	}
}

// libelles names codes for reading, one after the other: « CAP Boulanger ;
// CAP Pâtissier ».
func libelles(libelle func(string) string, codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = libelle(c)
	}
	return strings.Join(out, " ; ")
}
