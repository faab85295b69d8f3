package workflow

import (
	"context"
	"strconv"

	"cee/internal/store"
)

// journaliser writes one journal line for the actor, in tx: the line a
// handler used to write itself (same action, object, académie and detail).
// An object id of 0 leaves the object id empty, and an empty académie is
// the actor's own (the académie of their active role).
func journaliser(ctx context.Context, tx *store.Store, a Actor, action, objetType string, id int64, academie, detail string) error {
	e := store.Entree{CompteID: a.Compte.ID, Email: a.Compte.Email, Role: string(a.P.H.Role), IP: a.IP, Action: action,
		ObjetType: objetType, Academie: academie, Detail: detail}
	if id != 0 {
		e.ObjetID = strconv.FormatInt(id, 10)
	}
	if e.Academie == "" {
		e.Academie = a.P.H.Academie
	}
	return tx.Audit(ctx, e)
}

// via marks a journal detail written for a call of the API.
func (a Actor) via(detail string) string {
	if a.API {
		return detail + " (API)"
	}
	return detail
}
