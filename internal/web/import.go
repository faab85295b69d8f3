package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"cee/internal/importer"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// tableurs is the accept attribute of the file fields that take a
// spreadsheet: CSV or XLSX, as the importer reads both.
const tableurs = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

type importData struct {
	Err           string
	Academies     []refdata.Academie
	FixedAcademie string
	Academie      string
	// After the upload: the mapping step and the preview.
	ID      int64
	Nom     string
	Rapport *importer.Rapport
	Result  workflow.ImportResult
	Champs  []importer.Champ
	// Orgs are the académie's organisations, to match an unknown one to.
	Orgs []model.Organisation
}

func (s *Server) newImportData(r *http.Request) importData {
	u := currentUser(r)
	d := importData{Academies: refdata.Academies(), FixedAcademie: u.P.H.Academie}
	d.Academie = d.FixedAcademie
	return d
}

func (s *Server) handleImportForm(w http.ResponseWriter, r *http.Request) error {
	return render(w, r, http.StatusOK, importPage(s.layout(r, "Importer un registre"), s.newImportData(r)))
}

// handleImportPreview reads the uploaded register and shows what an import
// would do, line by line, without writing; the file waits in the database
// for the confirmation.
func (s *Server) handleImportPreview(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	d := s.newImportData(r)
	if d.FixedAcademie == "" {
		d.Academie = r.PostFormValue("academie")
	}
	fail := func(msg string) error {
		d.Err = msg
		return render(w, r, http.StatusUnprocessableEntity, importPage(s.layout(r, "Importer un registre"), d))
	}
	if _, ok := refdata.AcademieByCode(d.Academie); !ok {
		return fail("Choisissez l'académie du registre.")
	}
	file, head, err := r.FormFile("fichier")
	if err != nil {
		return fail("Choisissez un fichier CSV ou XLSX de 10 Mo au plus.")
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return fail("Fichier illisible ou trop volumineux : 10 Mo au plus.")
	}
	rap, err := workflow.LireRegistre(r.Context(), s.store, d.Academie, head.Filename, data, nil)
	if err != nil && len(rap.Correspondance) == 0 {
		d.Rapport = &rap
		return fail(err.Error())
	}
	if err != nil {
		// The header was read but a mandatory column is missing: the
		// mapping step lets the person say which column holds it.
		d.Err = err.Error()
	}
	id, err := workflow.GarderTeleversement(r.Context(), s.store, store.Televersement{CompteID: u.Compte.ID, Nom: head.Filename, Academie: d.Academie, Contenu: data})
	if err != nil {
		return err
	}
	return s.importApercu(w, r, http.StatusOK, d, id, head.Filename, rap, importer.Choix{})
}

// importApercu renders the mapping step and the preview of upload id: what
// an import with choix would do, written nowhere.
func (s *Server) importApercu(w http.ResponseWriter, r *http.Request, status int, d importData, id int64, nom string, rap importer.Rapport, choix importer.Choix) error {
	if d.Err != "" && status == http.StatusOK {
		status = http.StatusUnprocessableEntity
	}
	res, err := workflow.ImportConseillers(r.Context(), s.store, rap, workflow.ImportOptions{Academie: d.Academie, DryRun: true, SkipInvalid: true, Choix: choix})
	var e *model.Erreur
	if errors.As(err, &e) {
		d.Err, status = e.Error(), http.StatusUnprocessableEntity
		err = nil
	}
	if err != nil {
		return err
	}
	if d.Orgs, err = s.store.ListOrganisations(r.Context(), d.Academie); err != nil {
		return err
	}
	d.ID, d.Nom, d.Rapport, d.Result, d.Champs = id, nom, &rap, res, importer.ChampsConseillers()
	return render(w, r, status, importPage(s.layout(r, "Importer un registre"), d))
}

// lireChoixImport reads the mapping step's form: the columns' choices and
// the organisations'.
func lireChoixImport(r *http.Request) importer.Choix {
	ch := importer.Choix{Colonnes: lireCorrespondance(r), Organisations: map[string]string{}}
	for k := 0; ; k++ {
		nom, ok := r.PostForm["orgnom-"+strconv.Itoa(k)]
		if !ok {
			return ch
		}
		if v := r.PostFormValue("org-" + strconv.Itoa(k)); v != "" {
			ch.Organisations[model.Fold(nom[0])] = v
		}
	}
}

// handleImportConfirm applies the mapping step's choices: « Mettre à jour
// l'aperçu » previews again with them, « Confirmer l'import » writes the
// import previewed and remembers the columns' choices; while an unknown
// organisation has no choice, nothing is written and the step is shown
// again (422).
func (s *Server) handleImportConfirm(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return withStatus(http.StatusBadRequest, err)
	}
	choix := lireChoixImport(r)
	if r.PostFormValue("action") == "apercu" {
		t, err := s.store.GetTeleversement(r.Context(), id, u.Compte.ID)
		if errors.Is(err, store.ErrNotFound) {
			return withStatus(http.StatusGone, errors.New("import déjà confirmé ou expiré : téléversez le fichier à nouveau"))
		}
		if err != nil {
			return err
		}
		d := s.newImportData(r)
		d.Academie = t.Academie
		rap, err := workflow.LireRegistre(r.Context(), s.store, t.Academie, t.Nom, t.Contenu, choix.Colonnes)
		if err != nil {
			d.Err = err.Error()
		}
		return s.importApercu(w, r, http.StatusOK, d, id, t.Nom, rap, choix)
	}
	t, err := workflow.ReprendreTeleversement(r.Context(), s.store, id, u.Compte.ID)
	if errors.Is(err, store.ErrNotFound) {
		return withStatus(http.StatusGone, errors.New("import déjà confirmé ou expiré : téléversez le fichier à nouveau"))
	}
	if err != nil {
		return err
	}
	if !policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResComptes, Academie: t.Academie}) {
		return withStatus(http.StatusForbidden, errors.New("académie hors de votre périmètre"))
	}
	// againStep keeps the upload (nothing was written) and shows the
	// mapping step again with msg.
	againStep := func(rap importer.Rapport, msg string) error {
		nid, err := workflow.GarderTeleversement(r.Context(), s.store, store.Televersement{CompteID: u.Compte.ID, Nom: t.Nom, Academie: t.Academie, Contenu: t.Contenu})
		if err != nil {
			return err
		}
		d := s.newImportData(r)
		d.Academie = t.Academie
		d.Err = msg
		return s.importApercu(w, r, http.StatusUnprocessableEntity, d, nid, t.Nom, rap, choix)
	}
	rap, err := workflow.LireRegistre(r.Context(), s.store, t.Academie, t.Nom, t.Contenu, choix.Colonnes)
	if err != nil {
		return againStep(rap, err.Error())
	}
	res, err := workflow.ImportConseillers(r.Context(), s.store, rap, workflow.ImportOptions{Academie: t.Academie,
		SkipInvalid: r.PostFormValue("ignorer") == "oui", Actor: workflow.Actor{Compte: u.Compte, P: u.P, IP: clientIP(r)}, Choix: choix})
	if err != nil {
		return err
	}
	if n := res.ChoixManquants(); n > 0 {
		return againStep(rap, fmt.Sprintf("Rien n'a été importé : choisissez pour %d organisation(s) inconnue(s) une organisation existante ou sa création.", n))
	}
	if !res.Ecrit {
		setFlash(w, ui.KindError, "Rien n'a été importé", fmt.Sprintf("%d ligne(s) rejetée(s) : corrigez le fichier, ou cochez « importer les lignes valides ».", res.Rejetes))
		http.Redirect(w, r, "/import/conseillers", http.StatusSeeOther)
		return nil
	}
	setFlash(w, ui.KindSuccess, "Registre importé", res.String())
	http.Redirect(w, r, "/conseillers?academie="+t.Academie, http.StatusSeeOther)
	return nil
}

func importErrorTable(errs []importer.Erreur) ui.TableParams {
	t := ui.TableParams{Caption: "Lignes rejetées", Bordered: true, Headers: []string{"Ligne", "Colonne", "Motif"}}
	for _, e := range errs {
		line := "fichier"
		if e.Ligne > 0 {
			line = strconv.Itoa(e.Ligne)
		}
		t.Rows = append(t.Rows, []ui.TableCell{{Text: line}, {Text: e.Colonne}, {Text: e.Message, Multiline: true}})
	}
	return t
}

func importWarningTable(errs []importer.Erreur) ui.TableParams {
	t := importErrorTable(errs)
	t.Caption = "Lignes à vérifier (importées)"
	return t
}

// optionsOrganisation are the choices for an unknown organisation: the
// closest names first, its creation, then the académie's others.
func optionsOrganisation(o workflow.OrganisationInconnue, orgs []model.Organisation) []ui.Option {
	var opts []ui.Option
	vu := map[int64]bool{}
	for _, p := range o.Proches {
		opts = append(opts, ui.Option{Value: strconv.FormatInt(p.ID, 10), Label: "Rattacher à « " + p.Nom + " » (nom proche)"})
		vu[p.ID] = true
	}
	opts = append(opts, ui.Option{Value: importer.ChoixCreer, Label: "Créer l'organisation « " + o.Nom + " »"})
	for _, x := range orgs {
		if !vu[x.ID] {
			opts = append(opts, ui.Option{Value: strconv.FormatInt(x.ID, 10), Label: "Rattacher à « " + x.Nom + " »"})
		}
	}
	return opts
}

// orgChoixErreur is the field error of an unknown organisation still
// without a choice when the import was asked (d.Err is then set).
func orgChoixErreur(err string, o workflow.OrganisationInconnue) string {
	if err == "" || o.Choix != "" {
		return ""
	}
	return "Choisissez une organisation existante ou sa création."
}
