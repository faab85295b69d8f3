package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

type organisationData struct {
	Items []model.Organisation
	V     url.Values
	Errs  map[string]string
	Admin bool
}

func (s *Server) organisationPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, errs map[string]string) error {
	u := currentUser(r)
	items, err := s.store.ListOrganisations(r.Context(), u.P.H.Academie)
	if err != nil {
		return err
	}
	d := organisationData{Items: items, V: v, Errs: errs, Admin: policy.ChoisitAcademie(u.P)}
	return render(w, r, status, organisationsPage(s.layout(r, "Organisations professionnelles"), d))
}

// handleOrganisations lists the organisations active in the académie (all
// of them for an admin) with a form to add one.
func (s *Server) handleOrganisations(w http.ResponseWriter, r *http.Request) error {
	return s.organisationPage(w, r, http.StatusOK, url.Values{}, map[string]string{})
}

func (s *Server) handleOrganisationCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	r.ParseForm()
	v := r.PostForm
	errs := map[string]string{}
	o := model.Organisation{Nom: strings.TrimSpace(v.Get("nom")), Type: model.TypeOrganisation(v.Get("type")), Niveau: v.Get("niveau")}
	if p := v.Get("parent"); p != "" {
		id, err := strconv.ParseInt(p, 10, 64)
		parent, err2 := s.store.GetOrganisation(r.Context(), id)
		if err != nil || err2 != nil || !s.orgInScope(u.P, parent) {
			errs["parent"] = "Organisation de rattachement inconnue : choisissez-la dans la liste."
		}
		o.ParentID = id
	}
	if o.Nom == "" {
		errs["nom"] = "Indiquez le nom de l'organisation."
	}
	switch o.Type {
	case model.OrgInterproEmployeurs, model.OrgSyndicatSalaries, model.OrgBranche, model.OrgChambre, model.OrgAutre:
	default:
		errs["type"] = "Choisissez le type d'organisation."
	}
	switch o.Niveau {
	case "national", "regional", "departemental":
	default:
		errs["niveau"] = "Choisissez le niveau."
	}
	var msg string
	if o.IDCC, msg = workflow.LireReference(refdata.ReferentielConventions(), v.Get("idcc")); msg != "" {
		errs["idcc"] = msg
	}
	academie := u.P.H.Academie
	if academie == "" {
		academie = v.Get("academie")
	}
	if _, ok := refdata.AcademieByCode(academie); !ok {
		errs["academie"] = "Choisissez une académie."
	}
	o.Academies = []string{academie}
	mergeErrs(errs, o.Errors())
	if len(errs) > 0 {
		return s.organisationPage(w, r, http.StatusUnprocessableEntity, v, errs)
	}
	err := workflow.CreerOrganisation(r.Context(), s.store, s.actor(r), o, academie)
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Organisation ajoutée", o.Nom)
	http.Redirect(w, r, "/organisations", http.StatusSeeOther)
	return nil
}

// orgInScope: an admin reaches every organisation, a pilote those active
// in their académie.
func (s *Server) orgInScope(p model.Principal, o model.Organisation) bool {
	return policy.OrganisationVisible(p, o)
}

// organisationInScope reads the organisation of the path, as 404 outside
// the person's scope.
func (s *Server) organisationInScope(r *http.Request) (model.Organisation, error) {
	id, err := pathID(r)
	if err != nil {
		return model.Organisation{}, err
	}
	o, err := s.store.GetOrganisation(r.Context(), id)
	if err != nil {
		return o, err
	}
	if !s.orgInScope(currentUser(r).P, o) {
		return o, store.ErrNotFound
	}
	return o, nil
}

type organisationShowData struct {
	O         model.Organisation
	Referents []model.Compte
	Contacts  []model.ContactOrganisation
	CEE       int
	V         url.Values
	Errs      map[string]string
}

// handleOrganisationShow is an organisation's page: its place in the
// organisation tree, its référents (accounts), its contacts (addresses).
func (s *Server) handleOrganisationShow(w http.ResponseWriter, r *http.Request) error {
	return s.organisationShow(w, r, http.StatusOK, url.Values{}, map[string]string{})
}

func (s *Server) organisationShow(w http.ResponseWriter, r *http.Request, status int, v url.Values, errs map[string]string) error {
	o, err := s.organisationInScope(r)
	if err != nil {
		return err
	}
	d := organisationShowData{O: o, V: v, Errs: errs}
	sc := policy.ScopeOf(currentUser(r).P)
	if d.Referents, _, err = s.store.ListComptes(r.Context(), store.CompteFilter{Scope: sc, Role: model.RoleOrganisation, Ref: itoa64(o.ID), Limit: 100}); err != nil {
		return err
	}
	if d.Contacts, err = s.store.ListContacts(r.Context(), o.ID); err != nil {
		return err
	}
	if _, d.CEE, err = s.store.SearchConseillers(r.Context(), store.ConseillerFilter{Scope: sc, OrganisationID: o.ID, Limit: 1}); err != nil {
		return err
	}
	return render(w, r, status, organisationShowPage(s.layout(r, o.Nom), d))
}

func (s *Server) handleContactCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.organisationInScope(r)
	if err != nil {
		return err
	}
	r.ParseForm()
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	c := model.ContactOrganisation{Nom: v("nom"), Fonction: v("fonction"), Telephone: v("telephone")}
	errs := map[string]string{}
	if c.Nom == "" {
		errs["nom"] = "Indiquez le nom du contact."
	}
	if e := v("email"); e != "" {
		var err error
		if c.Email, err = model.NormalizeEmail(e); err != nil {
			errs["email"] = "Adresse électronique invalide : format attendu nom@domaine.fr."
		}
	}
	if v("email") == "" && c.Telephone == "" {
		errs["email"] = "Indiquez au moins une adresse électronique ou un téléphone."
	}
	mergeErrs(errs, c.Errors())
	if len(errs) > 0 {
		return s.organisationShow(w, r, http.StatusUnprocessableEntity, r.PostForm, errs)
	}
	err = workflow.AjouterContact(r.Context(), s.store, s.actor(r), o.ID, c)
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Contact ajouté", c.Nom)
	http.Redirect(w, r, "/organisations/"+itoa64(o.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleContactDelete(w http.ResponseWriter, r *http.Request) error {
	o, err := s.organisationInScope(r)
	if err != nil {
		return err
	}
	cid, err := strconv.ParseInt(r.PathValue("contact"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	err = workflow.SupprimerContact(r.Context(), s.store, s.actor(r), o.ID, cid)

	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Contact supprimé", "")
	http.Redirect(w, r, "/organisations/"+itoa64(o.ID), http.StatusSeeOther)
	return nil
}

func contactTable(o model.Organisation, items []model.ContactOrganisation) ui.TableParams {
	t := ui.TableParams{Caption: "Contacts", CaptionHidden: true, Bordered: true,
		Headers: []string{"Nom", "Fonction", "Courriel", "Téléphone", "Action"}, Empty: "Aucun contact enregistré."}
	for _, c := range items {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: c.Nom}, {Text: c.Fonction}, {Text: c.Email}, {Text: c.Telephone},
			{Content: contactDeleteButton(o.ID, c)}})
	}
	return t
}

func referentTable(items []model.Compte) ui.TableParams {
	t := ui.TableParams{Caption: "Référents", CaptionHidden: true, Bordered: true,
		Headers: []string{"Nom", "Courriel", "Statut"}, Empty: "Aucun référent : invitez-en un depuis la page des comptes (rôle « Organisation »)."}
	for _, c := range items {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: c.Nom, Href: "/comptes/" + itoa64(c.ID)}, {Text: c.Email}, {Text: c.Statut.Label()}})
	}
	return t
}

func parentSelect(items []model.Organisation, v, errMsg string) ui.SelectParams {
	p := organisationSelect("org-parent", "parent", v, items, "Aucune", errMsg)
	p.Label = "Rattachée à (facultatif)"
	p.Hint = "La fédération ou la confédération dont elle relève."
	return p
}

func organisationTable(items []model.Organisation) ui.TableParams {
	t := ui.TableParams{Caption: "Organisations", CaptionHidden: true, Bordered: true,
		Headers: []string{"Nom", "Type", "Niveau", "Rattachée à", "Convention collective"}, Empty: "Aucune organisation."}
	for _, o := range items {
		idcc := ""
		if c, ok := refdata.IDCCByNumero(o.IDCC); ok {
			idcc = o.IDCC + " — " + c.TitreCourt
		}
		t.Rows = append(t.Rows, []ui.TableCell{{Text: o.Nom, Href: "/organisations/" + itoa64(o.ID)}, {Text: o.Type.Label()}, {Text: niveauLabel(o.Niveau)}, {Text: o.Parent}, {Text: idcc}})
	}
	return t
}

func niveauLabel(n string) string {
	switch n {
	case "regional":
		return "Régional"
	case "departemental":
		return "Départemental"
	}
	return "National"
}

func orgTypeSelect(v, errMsg string) ui.SelectParams {
	p := ui.SelectParams{ID: "org-type", Name: "type", Label: "Type", Placeholder: "Choisir", Value: v, Error: errMsg, Required: true}
	for _, t := range []model.TypeOrganisation{model.OrgInterproEmployeurs, model.OrgSyndicatSalaries, model.OrgBranche, model.OrgChambre, model.OrgAutre} {
		p.Options = append(p.Options, ui.Option{Value: string(t), Label: t.Label()})
	}
	return p
}

func orgNiveauSelect(v, errMsg string) ui.SelectParams {
	p := ui.SelectParams{ID: "org-niveau", Name: "niveau", Label: "Niveau", Placeholder: "Choisir", Value: v, Error: errMsg, Required: true}
	for _, n := range []string{"national", "regional", "departemental"} {
		p.Options = append(p.Options, ui.Option{Value: n, Label: niveauLabel(n)})
	}
	return p
}

func academiesList() []refdata.Academie { return refdata.Academies() }
