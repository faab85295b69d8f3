package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"cee/internal/store"
	"cee/internal/workflow"
)

// confirmation is the step of a mass or irreversible action that states its
// consequences in numbers before anything is done (issue 18 item 3). Its
// form posts Compte back as « confirmer », and the workflow refuses a count
// that changed meanwhile (workflow.ErrDecompte): the page then shows the
// new numbers with Err and asks again. Plain forms, no JavaScript.
type confirmation struct {
	ID     string // of the callout, for links and tests
	Titre  string
	Lignes []string // the consequences, in numbers
	Compte int
	Bouton string
	// Annuler is where « Ne rien faire » leads.
	Annuler string
	Err     string
}

// confirme reads the count a confirmation step posted; ok is false on the
// first submission, which only shows the numbers.
func confirme(r *http.Request) (n int, ok bool) {
	n, err := strconv.Atoi(r.PostFormValue("confirmer"))
	return n, err == nil && n >= 0
}

// decompteChange is the sentence of a refusal for a stale count, ok false
// when err is something else.
func decompteChange(err error) (string, bool) {
	if !errors.Is(err, workflow.ErrDecompte) {
		return "", false
	}
	msg, _ := userMessage(err)
	return phrase(msg), true
}

// fichierConfirme is the file of a mass action by file (bulk invitation,
// proposals): the first submission uploads it, checks every line without
// acting and keeps it (store.Televersement) with the numbers; the
// confirmation posts back its number and the count, and takes it back
// once.
type fichierConfirme struct {
	Data []byte
	Nom  string
	// Reprise: the confirmation's submission, the file taken back.
	Reprise bool
}

// lectureFichier says why a mass action's file could not be read.
type lectureFichier int

const (
	fichierLu lectureFichier = iota
	fichierAbsent
	fichierIllisible
	// fichierRepris: the confirmation was used already, or expired with its
	// file (410).
	fichierRepris
)

// lireFichierConfirme reads the file of a mass action: the upload in field
// champ, or, when the form posts « televersement », the file kept for the
// person's confirmation, which is used up.
func (s *Server) lireFichierConfirme(r *http.Request, champ string) (fichierConfirme, lectureFichier, error) {
	u := currentUser(r)
	if tid, err := strconv.ParseInt(r.PostFormValue("televersement"), 10, 64); err == nil {
		t, err := workflow.ReprendreTeleversement(r.Context(), s.store, tid, u.Compte.ID)
		if errors.Is(err, store.ErrNotFound) {
			return fichierConfirme{}, fichierRepris, nil
		} else if err != nil {
			return fichierConfirme{}, fichierLu, err
		}
		return fichierConfirme{Data: t.Contenu, Nom: t.Nom, Reprise: true}, fichierLu, nil
	}
	file, head, err := r.FormFile(champ)
	if err != nil {
		return fichierConfirme{}, fichierAbsent, nil
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return fichierConfirme{}, fichierIllisible, nil
	}
	return fichierConfirme{Data: data, Nom: head.Filename}, fichierLu, nil
}

// garderFichier keeps a mass action's file until its confirmation and
// returns the number the confirmation posts back.
func (s *Server) garderFichier(r *http.Request, f fichierConfirme, academie string) (int64, error) {
	return workflow.GarderTeleversement(r.Context(), s.store, store.Televersement{CompteID: currentUser(r).Compte.ID, Nom: f.Nom, Academie: academie, Contenu: f.Data})
}
