package model

import (
	"fmt"
	"strings"
	"time"
)

// TypeOrganisation is the kind of professional or interprofessional
// organisation (D.331-66).
type TypeOrganisation string

// Kinds of organisations.
const (
	OrgInterproEmployeurs TypeOrganisation = "interpro_employeurs" // MEDEF, CPME, U2P
	OrgSyndicatSalaries   TypeOrganisation = "syndicat_salaries"   // CFDT, CGT, FO, CFE-CGC, CFTC
	OrgBranche            TypeOrganisation = "branche"             // UIMM, FFB…
	OrgChambre            TypeOrganisation = "chambre_consulaire"  // CCI, CMA, chambre d'agriculture
	OrgAutre              TypeOrganisation = "autre"
)

// Label is the French name of the kind.
func (t TypeOrganisation) Label() string {
	switch t {
	case OrgInterproEmployeurs:
		return "Organisation interprofessionnelle d'employeurs"
	case OrgSyndicatSalaries:
		return "Organisation syndicale de salariés"
	case OrgBranche:
		return "Fédération de branche"
	case OrgChambre:
		return "Chambre consulaire"
	}
	return "Autre"
}

// Organisation is a professional or interprofessional organisation that
// proposes CEE.
type Organisation struct {
	ID        int64
	Nom       string
	Type      TypeOrganisation
	Niveau    string // national, regional, departemental
	IDCC      string
	Academies []string
	ParentID  int64  // the federation or confederation it belongs to
	Parent    string // its name, read with the organisation
}

// ContactOrganisation is a person to write to at an organisation (not an
// account: référents have accounts, contacts are just addresses).
type ContactOrganisation struct {
	ID        int64
	Nom       string
	Fonction  string
	Email     string
	Telephone string
}

// StatutPro is the professional status of a CEE (the list is a setting in
// the long run; these are the domain brief's).
type StatutPro string

// Professional statuses.
const (
	StatutEmployeur StatutPro = "employeur"
	StatutSalarie   StatutPro = "salarie"
	StatutArtisan   StatutPro = "artisan"
	StatutAutre     StatutPro = "autre"
)

// StatutsPro lists the professional statuses in the order of the forms'
// select lists: CEE and professionals of the wider network alike.
func StatutsPro() []StatutPro {
	return []StatutPro{StatutEmployeur, StatutSalarie, StatutArtisan, StatutAutre}
}

// ParseStatutPro reads a status as a form sends it: "" is unknown (allowed
// where the status is optional), anything else must be one of StatutsPro.
func ParseStatutPro(v string) (StatutPro, error) {
	s := StatutPro(strings.TrimSpace(v))
	if s != "" && s.Label() == "" {
		return "", Invalide("statut", fmt.Sprintf("statut « %s » inconnu : choisissez employeur, salarié, artisan ou autre", v))
	}
	return s, nil
}

// Label is the French name of the status.
func (s StatutPro) Label() string {
	switch s {
	case StatutEmployeur:
		return "Employeur"
	case StatutSalarie:
		return "Salarié"
	case StatutArtisan:
		return "Artisan"
	case StatutAutre:
		return "Autre"
	}
	return ""
}

// Conseiller is a CEE's profile, with the state of their current
// designation.
type Conseiller struct {
	ID          int64
	Academie    string
	Civilite    string
	Nom, Prenom string
	Email       string
	Telephone   string
	Employeur   string
	SIRET       string
	StatutPro   StatutPro
	CodeNAF     string
	Secteur     string
	CodeCommune string
	NomCommune  string
	Departement string
	Territoire  []string // départements of action; empty: the whole académie
	Specialites []string // diploma codes (CFD) or titles they can examine
	Familles    []string // familles de métiers (codes of refdata)
	Metiers     []string // occupations, as people write them
	Langues     []string // languages they can speak with pupils in
	Dispo       Disponibilite
	// TelephoneMasque: the phone number is shown only to the pilote, not
	// to the directory's other readers (the CEE chooses).
	TelephoneMasque bool
	// EnPause: the CEE asks not to be solicited for now (matching skips
	// them) while staying in the register.
	EnPause        bool
	OrganisationID int64
	Organisation   string // name, read with the profile
	Etat           EtatDesignation
	FinMandat      *time.Time
	UpdatedAt      time.Time
}

// Errors checks the free text of a profile, field by field (the forms'
// names: nom, prenom, email, telephone, employeur, secteur, organisation,
// commune, metiers, langues); empty when valid. The proposal and profile
// forms and the register import all call it.
func (c Conseiller) Errors() map[string]string {
	errs := map[string]string{}
	VerifierLongueurs(errs,
		Longueur{"nom", "Le nom", c.Nom, LongueurNom},
		Longueur{"prenom", "Le prénom", c.Prenom, LongueurNom},
		Longueur{"email", "L'adresse électronique", c.Email, LongueurEmail},
		Longueur{"telephone", "Le téléphone", c.Telephone, LongueurTelephone},
		Longueur{"employeur", "Le nom de l'entreprise", c.Employeur, LongueurLibelle},
		Longueur{"secteur", "Le secteur", c.Secteur, LongueurLibelle},
		Longueur{"organisation", "Le nom de l'organisation", c.Organisation, LongueurLibelle},
		Longueur{"commune", "Le nom de la commune", c.NomCommune, LongueurLibelle})
	VerifierLongueurs(errs, LongueursListe("metiers", "Chaque métier", c.Metiers, LongueurLibelle)...)
	VerifierLongueurs(errs, LongueursListe("langues", "Chaque langue", c.Langues, LongueurLibelle)...)
	return errs
}

// NomComplet is « Prénom Nom ».
func (c Conseiller) NomComplet() string { return strings.TrimSpace(c.Prenom + " " + c.Nom) }

// Fold lower-cases and strips accents, ligatures included, so that
// « electricite » finds « Électricité » and « coeur » finds « Cœur »: search
// text is stored folded, and queries are folded the same way.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'à', 'â', 'ä', 'á', 'ã', 'å':
			b.WriteByte('a')
		case 'ç':
			b.WriteByte('c')
		case 'é', 'è', 'ê', 'ë':
			b.WriteByte('e')
		case 'î', 'ï', 'í', 'ì':
			b.WriteByte('i')
		case 'ô', 'ö', 'ó', 'ò', 'õ':
			b.WriteByte('o')
		case 'ù', 'û', 'ü', 'ú':
			b.WriteByte('u')
		case 'ÿ', 'ý':
			b.WriteByte('y')
		case 'ñ':
			b.WriteByte('n')
		case 'œ':
			b.WriteString("oe")
		case 'æ':
			b.WriteString("ae")
		case '’', '\'', '-', '\t', '\n':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Disponibilite is when a CEE can be solicited.
type Disponibilite struct {
	Jours            []time.Weekday // empty: any weekday
	MaxParMois       int            // at most this many solicitations a month; 0: no cap
	DistanceMaxKm    int            // at most this far from home; 0: the académie's default
	Indisponibilites []Periode
}

// Periode is a span of days, both included.
type Periode struct{ Debut, Fin time.Time }

// Disponible tells whether the CEE can be solicited on day d.
func (d Disponibilite) Disponible(day time.Time) bool {
	if len(d.Jours) > 0 {
		ok := false
		for _, j := range d.Jours {
			ok = ok || j == day.Weekday()
		}
		if !ok {
			return false
		}
	}
	for _, p := range d.Indisponibilites {
		if !day.Before(p.Debut) && !day.After(p.Fin) {
			return false
		}
	}
	return true
}

// JoursFR are the weekday names, Monday first.
var JoursFR = []struct {
	Jour  time.Weekday
	Label string
}{{time.Monday, "Lundi"}, {time.Tuesday, "Mardi"}, {time.Wednesday, "Mercredi"}, {time.Thursday, "Jeudi"}, {time.Friday, "Vendredi"}, {time.Saturday, "Samedi"}}
