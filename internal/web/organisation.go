package web

import (
	"net/http"
	"net/url"
	"strings"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
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
	d := organisationData{Items: items, V: v, Errs: errs, Admin: u.P.H.Role == model.RoleAdmin}
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
	o := model.Organisation{Nom: strings.TrimSpace(v.Get("nom")), Type: model.TypeOrganisation(v.Get("type")), Niveau: v.Get("niveau"), IDCC: strings.TrimSpace(v.Get("idcc"))}
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
	if o.IDCC != "" {
		if _, ok := refdata.IDCCByNumero(o.IDCC); !ok {
			errs["idcc"] = "Numéro de convention collective (IDCC) inconnu : 4 chiffres, par exemple 1486."
		}
	}
	academie := u.P.H.Academie
	if academie == "" {
		academie = v.Get("academie")
	}
	if _, ok := refdata.AcademieByCode(academie); !ok {
		errs["academie"] = "Choisissez une académie."
	}
	o.Academies = []string{academie}
	if len(errs) > 0 {
		return s.organisationPage(w, r, http.StatusUnprocessableEntity, v, errs)
	}
	err := s.store.InTx(r.Context(), func(tx *store.Store) error {
		id, err := tx.CreateOrganisation(r.Context(), o)
		if err != nil {
			return err
		}
		return s.audit(r, tx, u.Compte, store.AuditOrganisation, "organisation", id, academie, o.Nom)
	})
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Organisation ajoutée", o.Nom)
	http.Redirect(w, r, "/organisations", http.StatusSeeOther)
	return nil
}

func organisationTable(items []model.Organisation) ui.TableParams {
	t := ui.TableParams{Caption: "Organisations", CaptionHidden: true, Bordered: true,
		Headers: []string{"Nom", "Type", "Niveau", "Convention collective"}, Empty: "Aucune organisation."}
	for _, o := range items {
		idcc := ""
		if c, ok := refdata.IDCCByNumero(o.IDCC); ok {
			idcc = o.IDCC + " — " + c.TitreCourt
		}
		t.Rows = append(t.Rows, []ui.TableCell{{Text: o.Nom, Href: "/conseillers?organisation=" + itoa64(o.ID)}, {Text: o.Type.Label()}, {Text: niveauLabel(o.Niveau)}, {Text: idcc}})
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
