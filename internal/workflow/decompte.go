package workflow

import (
	"errors"
	"fmt"

	"cee/internal/model"
)

// ErrDecompte marks a mass action refused because what it would reach
// changed since the person confirmed its numbers (issue 18 item 3): the
// page shows the new numbers and asks again, nothing is done.
var ErrDecompte = errors.New("décompte changé depuis la confirmation")

// Decompte refuses a mass action confirmed for another count than the one
// it would act on now. quoi names what is counted, in the plural
// (« destinataires », « convocations »).
func Decompte(quoi string, confirme, actuel int) error {
	if confirme == actuel {
		return nil
	}
	return &model.Erreur{Genre: model.GenreConflit, Err: ErrDecompte,
		Message: fmt.Sprintf("le nombre de %s a changé depuis votre confirmation : %d au lieu de %d ; rien n'a été fait, vérifiez le nouveau décompte et confirmez de nouveau", quoi, actuel, confirme)}
}
