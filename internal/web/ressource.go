package web

import (
	"cee/internal/workflow"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/web/ui"
)

type ressourceData struct {
	Items     []model.Ressource
	CanUpload bool
	Admin     bool
	V         url.Values
	Errs      map[string]string
}

func (s *Server) ressourcePage(w http.ResponseWriter, r *http.Request, status int, v url.Values, errs map[string]string) error {
	u := currentUser(r)
	items, err := s.store.ListRessources(r.Context(), u.P)
	if err != nil {
		return err
	}
	d := ressourceData{Items: items, CanUpload: policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResComptes}),
		Admin: policy.ChoisitAcademie(u.P), V: v, Errs: errs}
	return render(w, r, status, ressourcePage(s.layout(r, "Ressources"), d, animateur(u)))
}

// handleRessources lists the guides, templates and links of the reader's
// role, national and of their académie.
func (s *Server) handleRessources(w http.ResponseWriter, r *http.Request) error {
	return s.ressourcePage(w, r, http.StatusOK, url.Values{}, map[string]string{})
}

// handleRessourceCreate adds a file (type checked by its content, 10 Mo at
// most) or a link.
func (s *Server) handleRessourceCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	if err := r.ParseMultipartForm(1 << 20); err != nil && err != http.ErrNotMultipart {
		return s.ressourcePage(w, r, http.StatusUnprocessableEntity, url.Values{}, map[string]string{"fichier": "Fichier trop volumineux : 10 Mo au plus."})
	}
	v := r.Form
	errs := map[string]string{}
	res := model.Ressource{Titre: strings.TrimSpace(v.Get("titre")), Description: strings.TrimSpace(v.Get("description")),
		Categorie: strings.TrimSpace(v.Get("categorie")), URL: strings.TrimSpace(v.Get("url")), Academie: u.P.H.Academie, AuteurID: u.Compte.ID}
	if policy.ChoisitAcademie(u.P) {
		res.Academie = v.Get("academie")
		if _, ok := refdata.AcademieByCode(res.Academie); res.Academie != "" && !ok {
			errs["academie"] = "Choisissez une académie, ou aucune pour une ressource nationale."
		}
	}
	for _, ro := range v["roles"] {
		if model.Role(ro).Label() != "" {
			res.Roles = append(res.Roles, model.Role(ro))
		}
	}
	mergeErrs(errs, res.Errors())
	var data []byte
	if file, head, err := r.FormFile("fichier"); err == nil {
		defer file.Close()
		data, err = io.ReadAll(io.LimitReader(file, model.RessourceMaxOctets+1))
		if err != nil {
			errs["fichier"] = "Fichier trop volumineux : 10 Mo au plus."
		} else if t, err := model.TypeFichier(head.Filename, data); err != nil {
			errs["fichier"] = capitalize(err.Error()) + "."
		} else {
			res.FichierNom, res.FichierType = model.NomFichier(head.Filename, t), t
		}
	}
	switch {
	case res.URL != "" && data != nil:
		errs["url"] = "Déposez un fichier ou indiquez un lien, pas les deux."
	case res.URL != "":
		if pu, err := url.Parse(res.URL); err != nil || (pu.Scheme != "https" && pu.Scheme != "http") || pu.Host == "" {
			errs["url"] = "Le lien doit être une adresse web complète, commençant par https://."
		}
	case data == nil && errs["fichier"] == "":
		errs["fichier"] = "Déposez un fichier (PDF, Word, Excel, PowerPoint, OpenDocument) ou indiquez un lien."
	}
	if len(errs) > 0 {
		return s.ressourcePage(w, r, http.StatusUnprocessableEntity, v, errs)
	}
	err := workflow.AjouterRessource(r.Context(), s.store, s.actor(r), res, data)

	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Ressource ajoutée", res.Titre)
	http.Redirect(w, r, "/animation/ressources", http.StatusSeeOther)
	return nil
}

// handleRessourceFile sends a resource's file, or redirects to its link;
// 404 outside the reader's académie or role.
func (s *Server) handleRessourceFile(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	res, data, err := s.store.GetRessource(r.Context(), id, u.P)
	if err != nil {
		return err
	}
	if res.URL != "" {
		http.Redirect(w, r, res.URL, http.StatusSeeOther)
		return nil
	}
	// The name is made again from the type: files stored before names
	// followed their content keep a misleading extension in the database.
	return sendFile(w, res.FichierType, model.NomFichier(res.FichierNom, res.FichierType), data)
}

func ressourceTable(list []model.Ressource) ui.TableParams {
	t := ui.TableParams{ID: "ressources", Caption: "Ressources", CaptionHidden: true, Headers: []string{"Catégorie", "Ressource", "Portée", "Format"},
		Empty: "Aucune ressource pour l'instant."}
	for _, r := range list {
		portee := "Nationale"
		if r.Academie != "" {
			portee = "Académie " + r.Academie
			if a, ok := refdata.AcademieByCode(r.Academie); ok {
				portee = "Académie de " + a.Nom
			}
		}
		format := "Lien"
		if r.URL == "" {
			format = fmt.Sprintf("%s, %d ko", strings.ToUpper(strings.TrimPrefix(path.Ext(r.FichierNom), ".")), max(1, r.Taille/1024))
		}
		t.Rows = append(t.Rows, []ui.TableCell{{Text: r.Categorie}, {Text: r.Titre, Href: "/animation/ressources/" + itoa64(r.ID)}, {Text: portee}, {Text: format}})
	}
	return t
}

func ressourceRoles(v []string) ui.CheckboxGroupParams {
	p := ui.CheckboxGroupParams{ID: "ressource-roles", Name: "roles", Legend: "Visible par", Hint: "Aucun choix : toutes les personnes connectées.", Values: v}
	for _, ro := range []model.Role{model.RoleConseiller, model.RoleOrganisation, model.RoleEtablissement, model.RoleProfessionnel, model.RolePilote} {
		p.Options = append(p.Options, ui.Option{Value: string(ro), Label: ro.Label()})
	}
	return p
}

func academieRessourceSelect(v, errMsg string) ui.SelectParams {
	p := ui.SelectParams{ID: "ressource-academie", Name: "academie", Label: "Académie", Hint: "Aucune : ressource nationale.", Placeholder: "Aucune (nationale)", Value: v, Error: errMsg}
	for _, a := range refdata.Academies() {
		p.Options = append(p.Options, ui.Option{Value: a.Code, Label: a.Nom})
	}
	return p
}
