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

type importData struct {
	Err           string
	Academies     []refdata.Academie
	FixedAcademie string
	Academie      string
	// After the upload: the preview.
	ID      int64
	Nom     string
	Rapport *importer.Rapport
	Result  workflow.ImportResult
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
	rap, err := importer.Lire(head.Filename, data)
	if err != nil {
		d.Rapport = &rap
		return fail(err.Error())
	}
	res, err := workflow.ImportConseillers(r.Context(), s.store, rap, workflow.ImportOptions{Academie: d.Academie, DryRun: true, SkipInvalid: true})
	if err != nil {
		return err
	}
	id, err := workflow.GarderTeleversement(r.Context(), s.store, store.Televersement{CompteID: u.Compte.ID, Nom: head.Filename, Academie: d.Academie, Contenu: data})
	if err != nil {
		return err
	}
	d.ID, d.Nom, d.Rapport, d.Result = id, head.Filename, &rap, res
	return render(w, r, http.StatusOK, importPage(s.layout(r, "Importer un registre"), d))
}

// handleImportConfirm writes the import previewed.
func (s *Server) handleImportConfirm(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
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
	rap, err := importer.Lire(t.Nom, t.Contenu)
	if err != nil {
		return withStatus(http.StatusUnprocessableEntity, err)
	}
	res, err := workflow.ImportConseillers(r.Context(), s.store, rap, workflow.ImportOptions{Academie: t.Academie,
		SkipInvalid: r.PostFormValue("ignorer") == "oui", Actor: workflow.Actor{Compte: u.Compte, P: u.P, IP: clientIP(r)}})
	if err != nil {
		return err
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
		t.Rows = append(t.Rows, []ui.TableCell{{Text: line}, {Text: e.Colonne}, {Text: e.Message}})
	}
	return t
}

func importColumnsTable(rap *importer.Rapport) ui.TableParams {
	t := ui.TableParams{Caption: "Colonnes reconnues", Bordered: true, Headers: []string{"Champ", "Colonne du fichier"}}
	for _, k := range []string{"Civilite", "Nom", "Prenom", "Email", "Telephone", "Entreprise", "SIRET", "Statut", "CodeNAF", "Secteur",
		"Organisation", "Commune", "CodePostal", "Departement", "DebutMandat", "FinMandat", "Specialites"} {
		if v, ok := rap.Colonnes[k]; ok {
			t.Rows = append(t.Rows, []ui.TableCell{{Text: k}, {Text: v}})
		}
	}
	return t
}
