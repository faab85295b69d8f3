package model

import "fmt"

// Maximum lengths of the free-text fields, in characters (not bytes: « é »
// is one character). They are checked by each entity's validation, which
// the web forms, the API and the importers share, so that a 9 MB name
// cannot reach the database and every page that shows it (issue 20).
const (
	// LongueurNom: a family name, a first name, a contact's name.
	LongueurNom = 100
	// LongueurEmail: the longest address SMTP carries (RFC 5321, 4.5.3.1).
	LongueurEmail = 254
	// LongueurTelephone: a number with its spaces and international prefix.
	LongueurTelephone = 30
	// LongueurLibelle: a company, an organisation, a school, a sector, a
	// commune, a place, a title, one occupation or language of a list.
	LongueurLibelle = 200
	// LongueurAdresse: a postal address, a link.
	LongueurAdresse = 300
	// LongueurTitreDemande: a request's title, shown in lists and e-mail
	// subjects.
	LongueurTitreDemande = 150
	// LongueurTexte: descriptions, missions, comments, reports, messages.
	LongueurTexte = 4000
	// LongueurAnnonce: the text of an announcement to a segment, a letter
	// rather than a message.
	LongueurAnnonce = 20000
	// LongueurMotif: the reason given with a refusal, kept with the answer.
	LongueurMotif = 500
)

// Longueur is one free-text field to check: Cle is the form's field name
// (the key of the errors map), Libelle the field's name with its article,
// as it starts a sentence (« Le nom », « L'adresse électronique »).
type Longueur struct {
	Cle, Libelle, Valeur string
	Max                  int
}

// VerifierLongueurs adds to errs, for each field longer than its maximum,
// « Le nom ne doit pas dépasser 100 caractères. », unless the field already
// has an error.
func VerifierLongueurs(errs map[string]string, champs ...Longueur) {
	for _, c := range champs {
		if errs[c.Cle] != "" {
			continue
		}
		if msg := TropLong(c.Libelle, c.Valeur, c.Max); msg != "" {
			errs[c.Cle] = msg
		}
	}
}

// TropLong returns the message for a value longer than max characters, ""
// otherwise. Counting stops past max: a 9 MB value costs no more than a
// short one.
func TropLong(libelle, valeur string, max int) string {
	if len(valeur) <= max {
		return "" // at most max bytes, so at most max characters
	}
	n := 0
	for range valeur {
		if n++; n > max {
			return fmt.Sprintf("%s ne doit pas dépasser %s caractères.", libelle, Milliers(max))
		}
	}
	return ""
}

// Couper keeps the first max characters of v: for a text that is kept
// shortened rather than refused (a search, a reason given with a refusal).
// It never cuts a character in two.
func Couper(v string, max int) string {
	if len(v) <= max {
		return v
	}
	n := 0
	for i := range v {
		if n == max {
			return v[:i]
		}
		n++
	}
	return v
}

// LongueursListe checks each item of a list of free texts (occupations,
// languages): the message names the item's field.
func LongueursListe(cle, libelle string, valeurs []string, max int) []Longueur {
	out := make([]Longueur, len(valeurs))
	for i, v := range valeurs {
		out[i] = Longueur{Cle: cle, Libelle: libelle, Valeur: v, Max: max}
	}
	return out
}

// Milliers writes an integer with French digit grouping: 4 000.
func Milliers(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
}

// Errors checks a professional's free texts (invitation by a CEE); empty
// when valid.
func (p Professionnel) Errors() map[string]string {
	errs := map[string]string{}
	VerifierLongueurs(errs,
		Longueur{"nom", "Le nom", p.Nom, LongueurNom},
		Longueur{"prenom", "Le prénom", p.Prenom, LongueurNom},
		Longueur{"email", "L'adresse électronique", p.Email, LongueurEmail},
		Longueur{"telephone", "Le téléphone", p.Telephone, LongueurTelephone},
		Longueur{"entreprise", "Le nom de l'entreprise", p.Entreprise, LongueurLibelle})
	return errs
}

// Errors checks an organisation's name; empty when valid.
func (o Organisation) Errors() map[string]string {
	errs := map[string]string{}
	VerifierLongueurs(errs, Longueur{"nom", "Le nom de l'organisation", o.Nom, LongueurLibelle})
	return errs
}

// Errors checks a contact of an organisation; empty when valid.
func (c ContactOrganisation) Errors() map[string]string {
	errs := map[string]string{}
	VerifierLongueurs(errs,
		Longueur{"nom", "Le nom", c.Nom, LongueurNom},
		Longueur{"fonction", "La fonction", c.Fonction, LongueurLibelle},
		Longueur{"email", "L'adresse électronique", c.Email, LongueurEmail},
		Longueur{"telephone", "Le téléphone", c.Telephone, LongueurTelephone})
	return errs
}
