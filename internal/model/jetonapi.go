package model

import (
	"strings"
	"time"
)

// PrefixeJetonAPI starts every API token, so that a secret scanner (or a
// person reading a configuration file) recognises one.
const PrefixeJetonAPI = "cee_"

// DureeMaxJetonAPI is the longest life of an API token: a forgotten token
// stops working within a year at most.
const DureeMaxJetonAPI = 366 * 24 * time.Hour

// JetonAPI is a token an account created for itself to call the API. It
// carries one of the account's habilitations, possibly narrowed to reading.
type JetonAPI struct {
	ID           int64
	CompteID     int64
	Habilitation Habilitation
	Nom          string
	LectureSeule bool
	ExpiresAt    time.Time
	RevoqueLe    *time.Time
	DernierUsage *time.Time
	CreatedAt    time.Time
}

// Actif tells whether the token still opens the API.
func (j JetonAPI) Actif(now time.Time) bool { return j.RevoqueLe == nil && now.Before(j.ExpiresAt) }

// Etat is the French word for the token's state, for the list.
func (j JetonAPI) Etat(now time.Time) string {
	switch {
	case j.RevoqueLe != nil:
		return "Révoqué"
	case !now.Before(j.ExpiresAt):
		return "Expiré"
	}
	return "Actif"
}

// Errors checks a new token's name (required, LongueurNom) and expiry (to
// come, within DureeMaxJetonAPI of now); the map holds a French message per
// field in error, empty when valid. The role is checked by the caller,
// against the account's own.
func (j JetonAPI) Errors(now time.Time) map[string]string {
	errs := map[string]string{}
	if strings.TrimSpace(j.Nom) == "" {
		errs["nom"] = "Donnez un nom au jeton, par exemple le logiciel qui l'utilise."
	}
	VerifierLongueurs(errs, Longueur{"nom", "Le nom du jeton", j.Nom, LongueurNom})
	switch {
	case j.ExpiresAt.IsZero():
		errs["expire"] = "Indiquez une date d'expiration au format JJ/MM/AAAA."
	case !j.ExpiresAt.After(now):
		errs["expire"] = "La date d'expiration doit être à venir."
	case j.ExpiresAt.Sub(now) > DureeMaxJetonAPI:
		errs["expire"] = "Un jeton vit un an au plus : choisissez une date plus proche."
	}
	return errs
}
