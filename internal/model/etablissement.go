// Package model holds the domain types of cee, their states and rules. It
// imports only the standard library.
package model

import "time"

// TypeEtablissement is the kind of school the network serves.
type TypeEtablissement string

// The kinds kept from the Annuaire de l'éducation: the network serves
// collèges, lycées and EREA; CIO are orientation partners.
const (
	College TypeEtablissement = "college"
	Lycee   TypeEtablissement = "lycee"
	EREA    TypeEtablissement = "erea"
	CIO     TypeEtablissement = "cio"
)

// Label is the French name shown in the interface.
func (t TypeEtablissement) Label() string {
	switch t {
	case College:
		return "Collège"
	case Lycee:
		return "Lycée"
	case EREA:
		return "EREA"
	case CIO:
		return "CIO"
	}
	return string(t)
}

// Etablissement is a school, identified by its UAI.
type Etablissement struct {
	UAI                  string
	Nom                  string
	Type                 TypeEtablissement
	Statut               string // "public" or "prive"
	Adresse              string
	CodePostal           string
	CodeCommune          string
	NomCommune           string
	Departement          string // INSEE code: "31", "2A", "971"
	Academie             string // académie code: "16"
	Latitude, Longitude  *float64
	VoieGenerale         bool
	VoieTechnologique    bool
	VoieProfessionnelle  bool
	LyceeDesMetiers      bool
	EducationPrioritaire string // "", "REP", "REP+"
	// Nature is the BCN nature code of the Annuaire de l'éducation ("320"
	// lycée professionnel, "334" section d'enseignement professionnel…) and
	// LibelleNature its label: they tell a lycée professionnel from a
	// general one. Empty for schools not imported from the Annuaire.
	Nature        string
	LibelleNature string
	// Ferme marks a school the Annuaire lists as closed (etat FERME, or a
	// past date de fermeture): it is kept, not deleted, for the history of
	// the requests and juries that name it. DateFermeture is set only when
	// the file gives it (the current Annuaire has no such column).
	Ferme         bool
	DateFermeture *time.Time
}

// Errors checks the free text of a school, field by field (nom, adresse,
// commune, libelle_nature); the Annuaire import calls it on each line.
func (e Etablissement) Errors() map[string]string {
	errs := map[string]string{}
	VerifierLongueurs(errs,
		Longueur{"nom", "Le nom de l'établissement", e.Nom, LongueurLibelle},
		Longueur{"adresse", "L'adresse", e.Adresse, LongueurAdresse},
		Longueur{"commune", "Le nom de la commune", e.NomCommune, LongueurLibelle},
		Longueur{"libelle_nature", "Le libellé de la nature", e.LibelleNature, LongueurLibelle})
	return errs
}
