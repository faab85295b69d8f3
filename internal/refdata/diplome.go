package refdata

import (
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Diplome is one speciality of a vocational diploma, as the BCN lists it.
type Diplome struct {
	// Code is the 8-character code formation diplôme (CFD), e.g. "50033616".
	Code string
	// Type is the diploma: "CAP", "BAC PRO", "BTS", "BP", "MC", "CS3", "CS4",
	// "BMA", "DMA", or for agriculture "CAPA", "BAC PRO AG", "BTSA".
	Type string
	// Intitule is the speciality's title in normal case.
	Intitule string
	// Niveau is the level of the national qualifications framework (3, 4, 5).
	Niveau int
	// Ouvert tells whether the speciality is still open at the 2025 school
	// start; closed ones are kept because recent exam sessions may use them.
	Ouvert bool
	// RNCP lists the RNCP records of the certification ("RNCP39266"); empty
	// for diplomas created recently.
	RNCP []string
}

type diplomesTable struct {
	list   []Diplome
	byCode map[string]int
}

var diplomes = sync.OnceValue(func() *diplomesTable {
	t := &diplomesTable{byCode: map[string]int{}}
	readCSV("diplomes.csv", []string{"code", "type", "niveau", "ouvert", "intitule", "rncp"}, func(r []string) {
		n, err := strconv.Atoi(r[2])
		if err != nil {
			panic("refdata: diplomes.csv: bad niveau " + r[2])
		}
		t.byCode[r[0]] = len(t.list)
		t.list = append(t.list, Diplome{Code: r[0], Type: r[1], Niveau: n, Ouvert: r[3] == "1", Intitule: r[4], RNCP: splitList(r[5])})
	})
	return t
})

// Diplomes returns the specialities of vocational diplomas open on or closed
// after 1 January 2020, sorted by code. The common first years (2de
// professionnelle commune, 1re année commune de BTS) are not diplomas and are
// left out.
func Diplomes() []Diplome { return slices.Clone(diplomes().list) }

// DiplomeByCode returns a diploma speciality from its CFD.
func DiplomeByCode(code string) (Diplome, bool) {
	t := diplomes()
	i, ok := t.byCode[strings.TrimSpace(code)]
	if !ok {
		return Diplome{}, false
	}
	return t.list[i], true
}

// FamilleMetiers is a famille de métiers: the bac pro specialities that share
// a common seconde professionnelle.
type FamilleMetiers struct {
	// Code is the CFD of the common seconde, e.g. "40020006".
	Code string
	// Libelle is its name, e.g. "Métiers de la relation client".
	Libelle string
	// Specialites are the CFD codes of its bac pro specialities (see
	// DiplomeByCode).
	Specialites []string
	// Ministere is the BCN code of the ministry in charge: "06" Éducation
	// nationale, "03" Agriculture, "28" Mer.
	Ministere string
}

// familles14 are the familles de métiers of the Éducation nationale that the
// network works with (domain.md §3). The source also lists agricultural and
// maritime familles, and four Éducation nationale familles created later
// (artisanat et métiers d'art, facteur d'orgues, entretien des textiles, cuir);
// ToutesFamillesMetiers gives them.
var familles14 = []string{
	"40020006", // construction durable, bâtiment et travaux publics
	"40030003", // gestion administrative, transport et logistique
	"40031211", // relation client
	"40032210", // industries graphiques et communication
	"40023007", // études et modélisation numérique du bâtiment
	"40022107", // alimentation
	"40033605", // beauté et bien-être
	"40025307", // aéronautique
	"40033404", // hôtellerie-restauration
	"40023409", // agencement, menuiserie et ameublement (bois)
	"40020104", // pilotage et maintenance d'installations automatisées
	"40025222", // maintenance des matériels et des véhicules
	"40020103", // réalisation d'ensembles mécaniques et industriels
	"40020008", // numérique et transitions énergétiques
}

var familles = sync.OnceValue(func() []FamilleMetiers {
	var list []FamilleMetiers
	readCSV("familles_metiers.csv", []string{"code", "libelle", "ministere", "specialites"}, func(r []string) {
		list = append(list, FamilleMetiers{Code: r[0], Libelle: r[1], Ministere: r[2], Specialites: splitList(r[3])})
	})
	return list
})

// FamillesMetiers returns the 14 familles de métiers of seconde
// professionnelle of the Éducation nationale listed in the domain brief,
// sorted by code.
func FamillesMetiers() []FamilleMetiers {
	var list []FamilleMetiers
	for _, f := range familles() {
		if slices.Contains(familles14, f.Code) {
			list = append(list, f)
		}
	}
	return list
}

// ToutesFamillesMetiers returns every famille de métiers of the source (23),
// including the agricultural and maritime ones, sorted by code.
func ToutesFamillesMetiers() []FamilleMetiers { return slices.Clone(familles()) }

// FamilleMetiersByCode returns any famille de métiers of the source from the
// CFD of its common seconde.
func FamilleMetiersByCode(code string) (FamilleMetiers, bool) {
	code = strings.TrimSpace(code)
	for _, f := range familles() {
		if f.Code == code {
			return f, true
		}
	}
	return FamilleMetiers{}, false
}
