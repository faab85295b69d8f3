package match

import (
	"strings"

	"cee/internal/model"
)

// CandidatConseiller fills a Candidat from a CEE's profile. Coordinates
// and the activity figures are not on the profile: the caller adds them.
func CandidatConseiller(c model.Conseiller) Candidat {
	x := Candidat{
		ID: c.ID, Type: CEE, Nom: c.NomComplet(),
		Academie:    c.Academie,
		Territoire:  c.Territoire,
		Specialites: c.Specialites,
		Familles:    c.Familles,
		Metiers:     c.Metiers,
		Dispo:       c.Dispo,
	}
	if s := strings.TrimSpace(c.CodeNAF); s != "" {
		x.NAF = []string{s}
	}
	return x
}

// CandidatProfessionnel fills a Candidat from a professional of the wider
// network. Their territory is their département, where they live or work:
// they were not designated for a territory, and a professional is asked for
// what is near. Consent is copied only once given
// (model.Professionnel.Contactable): an invited professional matches
// nothing.
func CandidatProfessionnel(p model.Professionnel) Candidat {
	x := Candidat{
		ID: p.ID, Type: Professionnel,
		Nom:      strings.TrimSpace(p.Prenom + " " + p.Nom),
		Academie: p.Academie,
	}
	if d := strings.TrimSpace(p.Departement); d != "" {
		x.Territoire = []string{d}
	}
	if s := strings.TrimSpace(p.CodeNAF); s != "" {
		x.NAF = []string{s}
	}
	if p.Contactable() {
		x.Consent = p.Consent
	}
	return x
}
