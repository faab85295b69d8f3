package model

import "errors"

// Genre is the class of a user error: what the person must change. It
// decides the HTTP status (web and API); any error that is not an *Erreur is
// the service's fault, shown as a 500 with a request id and logged.
type Genre int

// The classes of user errors.
const (
	// GenreInvalide: a value entered is wrong or missing (422, or 400 for a
	// parameter of an address).
	GenreInvalide Genre = iota + 1
	// GenreRefus: the rules forbid the change in the current state (422 on a
	// form, 409 on the API).
	GenreRefus
	// GenreConflit: someone else changed the data meanwhile, or the value is
	// already taken (409, or 422 where the form is shown again).
	GenreConflit
	// GenreIntrouvable: the thing does not exist or is outside the person's
	// perimeter (404).
	GenreIntrouvable
)

// Erreur is an error the person can act on. Its Message is French, says
// what to do, and is the only error text ever shown to a person (page, API
// detail, mail): the text of other errors (drivers, files, networks) stays
// in the log.
type Erreur struct {
	Genre Genre
	// Champ names the form field or API parameter in error, if one is.
	Champ   string
	Message string
	// Err is a more precise sentinel this error is an instance of (e.g.
	// ErrPlafond), for errors.Is; its text is not shown.
	Err error
}

func (e *Erreur) Error() string { return e.Message }
func (e *Erreur) Unwrap() error { return e.Err }

// Is makes every user error of a class match that class's generic sentinel
// (ErrIntrouvable, ErrConflit), so a precise message written by the
// workflow still satisfies errors.Is(err, store.ErrConflict).
func (e *Erreur) Is(target error) bool {
	switch target {
	case ErrIntrouvable:
		return e.Genre == GenreIntrouvable
	case ErrConflit:
		return e.Genre == GenreConflit
	}
	return false
}

// The generic sentinels of two classes; store.ErrNotFound and
// store.ErrConflict are these values.
var (
	ErrIntrouvable = &Erreur{Genre: GenreIntrouvable, Message: "introuvable"}
	ErrConflit     = &Erreur{Genre: GenreConflit, Message: "la donnée a changé entre-temps ou existe déjà : rechargez la page et recommencez"}
)

// Refus is a change the rules forbid, with the French message saying why.
func Refus(message string) *Erreur { return &Erreur{Genre: GenreRefus, Message: message} }

// Invalide is a wrong or missing value of field champ ("" when the error is
// not about one field).
func Invalide(champ, message string) *Erreur {
	return &Erreur{Genre: GenreInvalide, Champ: champ, Message: message}
}

// Conflit is a change that collides with another one, or a taken value.
func Conflit(message string) *Erreur { return &Erreur{Genre: GenreConflit, Message: message} }

// ErreurUtilisateur finds the user error in err's chain: ok is false when
// err is not one, and then nothing of err may be shown to a person.
func ErreurUtilisateur(err error) (e *Erreur, ok bool) {
	ok = errors.As(err, &e)
	return e, ok
}
