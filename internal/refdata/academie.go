package refdata

import (
	"slices"
	"strings"
	"sync"
)

// Academie is one of the 30 académies of the network.
type Academie struct {
	// Code is the BCN code on 2 characters, e.g. "16".
	Code string
	// Nom is the académie's name, e.g. "Toulouse".
	Nom string
	// RegionAcademique is the name of its région académique, e.g. "Occitanie".
	RegionAcademique string
}

// Departement is a département of one of the 30 académies.
type Departement struct {
	// Code is the INSEE code: "31", "2A", "971".
	Code string
	// Nom is the INSEE name, e.g. "Haute-Garonne".
	Nom string
	// Academie is the code of its académie, e.g. "16".
	Academie string
}

var academies = sync.OnceValue(func() []Academie {
	var list []Academie
	readCSV("academies.csv", []string{"code", "nom", "region_academique"}, func(r []string) {
		list = append(list, Academie{Code: r[0], Nom: r[1], RegionAcademique: r[2]})
	})
	return list
})

var departements = sync.OnceValue(func() []Departement {
	var list []Departement
	readCSV("departements.csv", []string{"code", "nom", "academie"}, func(r []string) {
		list = append(list, Departement{Code: r[0], Nom: r[1], Academie: r[2]})
	})
	return list
})

// Academies returns the 30 académies (after the 2020 merger of Caen and Rouen
// into Normandie, 70), sorted by code. The BCN pseudo-codes and the
// vice-rectorats of the Pacific and Saint-Pierre-et-Miquelon (40, 41, 42, 44)
// are not académies of the network and are left out.
func Academies() []Academie { return slices.Clone(academies()) }

// AcademieByCode returns the académie of a 2-character code; "1" is read as "01".
func AcademieByCode(code string) (Academie, bool) {
	code = strings.TrimSpace(code)
	if len(code) == 1 {
		code = "0" + code
	}
	for _, a := range academies() {
		if a.Code == code {
			return a, true
		}
	}
	return Academie{}, false
}

// Departements returns the 101 départements of the 30 académies, sorted by code
// (so "2A" and "2B" come between "29" and "30").
func Departements() []Departement { return slices.Clone(departements()) }

// DepartementByCode returns a département from its INSEE code, also accepting
// the 3-character form of the BCN and of the Annuaire de l'éducation ("031",
// "02A"), lower case ("2a") and a single digit ("1").
func DepartementByCode(code string) (Departement, bool) {
	code = normDepartement(code)
	for _, d := range departements() {
		if d.Code == code {
			return d, true
		}
	}
	return Departement{}, false
}

func normDepartement(code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	switch {
	case len(code) == 3 && code[0] == '0':
		return code[1:]
	case len(code) == 1 && code[0] >= '0' && code[0] <= '9':
		return "0" + code
	}
	return code
}

// DepartementsOfAcademie returns the départements of an académie, sorted by
// code; nil for an unknown académie.
func DepartementsOfAcademie(code string) []Departement {
	a, ok := AcademieByCode(code)
	if !ok {
		return nil
	}
	var list []Departement
	for _, d := range departements() {
		if d.Academie == a.Code {
			list = append(list, d)
		}
	}
	return list
}

// RegionsAcademiques returns the names of the régions académiques of the 30
// académies (academies.csv's region_academique column, from the BCN), sorted
// and without duplicates. A région académique's name is its code in cee: the
// habilitation of a DRAFPIC names it.
func RegionsAcademiques() []string {
	var out []string
	for _, a := range academies() {
		if !slices.Contains(out, a.RegionAcademique) {
			out = append(out, a.RegionAcademique)
		}
	}
	slices.Sort(out)
	return out
}

// AcademiesOfRegion returns the codes of the académies of a région
// académique, sorted; nil for an unknown name.
func AcademiesOfRegion(region string) []string {
	var out []string
	for _, a := range academies() {
		if a.RegionAcademique == region {
			out = append(out, a.Code)
		}
	}
	return out
}
