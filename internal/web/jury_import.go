package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"cee/internal/importer"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// The import of the exam division's list of juries into a session (issue
// 17, item 4): the upload, then the same mapping step as the register's
// (correspondanceColonnes) with the line-by-line report of what the import
// would do; nothing is written before « Importer les jurys », nor when a
// line is rejected unless the person asks to keep the valid ones.

type jurysImportData struct {
	X       model.SessionExamen
	Err     string
	ID      int64 // the upload waiting for the confirmation
	Nom     string
	Rapport importer.RapportJurys
	Result  workflow.ImportJurysResult
	Champs  []importer.Champ
}

// importable tells whether juries may still be imported into the session.
func importable(x model.SessionExamen) bool {
	return x.Etat == model.SessionPreparation || x.Etat == model.SessionCampagne
}

// handleJurysImport reads the uploaded file with the académie's remembered
// mapping and shows the mapping step and the preview; the file waits in
// the database for the confirmation.
func (s *Server) handleJurysImport(w http.ResponseWriter, r *http.Request) error {
	x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	if !importable(x) {
		return s.sessionShow(w, r, http.StatusConflict, sessionShowData{Err: "La composition a commencé : les jurys ne s'importent plus."})
	}
	file, head, err := r.FormFile("fichier")
	if err != nil {
		return s.sessionShow(w, r, http.StatusUnprocessableEntity, sessionShowData{Err: "Choisissez le fichier des jurys : CSV ou XLSX, 10 Mo au plus."})
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return s.sessionShow(w, r, http.StatusUnprocessableEntity, sessionShowData{Err: "Fichier illisible ou trop volumineux : 10 Mo au plus."})
	}
	rap, err := workflow.LireJurys(r.Context(), s.store, x.Academie, head.Filename, data, nil)
	if err != nil && len(rap.Correspondance) == 0 {
		return s.sessionShow(w, r, http.StatusUnprocessableEntity, sessionShowData{Err: err.Error()})
	}
	d := jurysImportData{X: x}
	if err != nil {
		// A mandatory column was not recognised: the mapping step lets
		// the person say which column holds it.
		d.Err = err.Error()
	}
	id, err := workflow.GarderTeleversement(r.Context(), s.store, store.Televersement{CompteID: currentUser(r).Compte.ID, Nom: head.Filename, Academie: x.Academie, Contenu: data})
	if err != nil {
		return err
	}
	return s.jurysApercu(w, r, http.StatusOK, d, id, head.Filename, rap)
}

// jurysApercu renders the mapping step and the preview of upload id.
func (s *Server) jurysApercu(w http.ResponseWriter, r *http.Request, status int, d jurysImportData, id int64, nom string, rap importer.RapportJurys) error {
	if d.Err != "" && status == http.StatusOK {
		status = http.StatusUnprocessableEntity
	}
	if d.Err == "" || len(rap.Lignes) > 0 {
		res, err := workflow.ImportJurys(r.Context(), s.store, d.X, rap, workflow.ImportJurysOptions{DryRun: true})
		if err != nil {
			return err
		}
		d.Result = res
	}
	d.ID, d.Nom, d.Rapport, d.Champs = id, nom, rap, importer.ChampsJurys()
	return render(w, r, status, jurysImportPage(s.layout(r, "Importer les jurys"), d))
}

// handleJurysImportConfirm applies the mapping step: « Mettre à jour
// l'aperçu » previews again with the choices, « Importer les jurys » writes
// and remembers them; a rejected line, unless the valid lines are to be
// kept, and the step is shown again (422), nothing written.
func (s *Server) handleJurysImportConfirm(w http.ResponseWriter, r *http.Request) error {
	x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	tid, err := strconv.ParseInt(r.PathValue("televersement"), 10, 64)
	if err != nil || tid < 1 {
		return withStatus(http.StatusNotFound, fmt.Errorf("téléversement %q inconnu", r.PathValue("televersement")))
	}
	if err := r.ParseForm(); err != nil {
		return withStatus(http.StatusBadRequest, err)
	}
	if !importable(x) {
		return s.sessionShow(w, r, http.StatusConflict, sessionShowData{Err: "La composition a commencé : les jurys ne s'importent plus."})
	}
	u := currentUser(r)
	corr := lireCorrespondance(r)
	gone := withStatus(http.StatusGone, errors.New("import déjà confirmé ou expiré : téléversez le fichier à nouveau"))
	d := jurysImportData{X: x}
	if r.PostFormValue("action") == "apercu" {
		t, err := s.store.GetTeleversement(r.Context(), tid, u.Compte.ID)
		if errors.Is(err, store.ErrNotFound) || err == nil && t.Academie != x.Academie {
			return gone
		}
		if err != nil {
			return err
		}
		rap, err := workflow.LireJurys(r.Context(), s.store, x.Academie, t.Nom, t.Contenu, corr)
		if err != nil {
			d.Err = err.Error()
		}
		return s.jurysApercu(w, r, http.StatusOK, d, tid, t.Nom, rap)
	}
	t, err := workflow.ReprendreTeleversement(r.Context(), s.store, tid, u.Compte.ID)
	if errors.Is(err, store.ErrNotFound) || err == nil && t.Academie != x.Academie {
		return gone
	}
	if err != nil {
		return err
	}
	// againStep keeps the upload (nothing was written) and shows the
	// mapping step again with msg.
	againStep := func(rap importer.RapportJurys, msg string) error {
		nid, err := workflow.GarderTeleversement(r.Context(), s.store, store.Televersement{CompteID: u.Compte.ID, Nom: t.Nom, Academie: t.Academie, Contenu: t.Contenu})
		if err != nil {
			return err
		}
		d.Err = msg
		return s.jurysApercu(w, r, http.StatusUnprocessableEntity, d, nid, t.Nom, rap)
	}
	rap, err := workflow.LireJurys(r.Context(), s.store, x.Academie, t.Nom, t.Contenu, corr)
	if err != nil {
		return againStep(rap, err.Error())
	}
	res, err := workflow.ImportJurys(r.Context(), s.store, x, rap, workflow.ImportJurysOptions{Actor: s.actor(r), SkipInvalid: r.PostFormValue("ignorer") == "oui", Colonnes: corr})
	var e *model.Erreur
	if errors.As(err, &e) {
		return againStep(rap, e.Error())
	}
	if err != nil {
		return err
	}
	if !res.Ecrit {
		return againStep(rap, fmt.Sprintf("Rien n'a été importé : %d ligne(s) rejetée(s). Corrigez le fichier, changez la correspondance des colonnes, ou cochez « importer les lignes valides ».", res.Rejetes))
	}
	setFlash(w, ui.KindSuccess, "Jurys importés", fmt.Sprintf("%d créé(s), %d mis à jour, %d ligne(s) rejetée(s).", res.Crees, res.MisAJour, res.Rejetes))
	http.Redirect(w, r, "/jurys/"+itoa64(x.ID), http.StatusSeeOther)
	return nil
}

// jurysApercuTable lists the juries the import would write, in words.
func jurysApercuTable(list []model.Jury) ui.TableParams {
	t := ui.TableParams{Caption: "Jurys lus", Bordered: true, Headers: []string{"Jury", "Diplôme", "Centre et demi-journées", "Membres"}}
	for _, j := range list {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: j.Code}, {Text: refdata.LibelleDiplome(j.Specialite), Multiline: true},
			{Text: centreLabel(j) + " : " + demiJourneesLisibles(j.DemiJournees), Multiline: true},
			{Text: fmt.Sprintf("%d professionnel(s) dont %d employeur(s) et %d salarié(s) ; %d enseignant(s)", j.Sieges, j.Employeurs, j.Salaries, j.Enseignants), Multiline: true}})
	}
	return t
}

// demiJourneesLisibles writes a jury's half-days in French.
func demiJourneesLisibles(list []string) string {
	out := make([]string, len(list))
	for i, h := range list {
		out[i] = model.DemiJourneeLabel(h)
	}
	return strings.Join(out, " ; ")
}
