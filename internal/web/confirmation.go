package web

import (
	"errors"
	"net/http"
	"strconv"

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
