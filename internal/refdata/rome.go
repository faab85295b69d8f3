package refdata

import (
	"strings"
	"sync"
)

// Metier is a fiche of the ROME, France Travail's directory of occupations
// (version 60).
type Metier struct {
	// Code is a letter and four digits, "D1102"; its first three characters
	// are the domaine professionnel ("D11").
	Code    string
	Libelle string
	// Parent is the historical fiche (ROME v3) the fiche belongs to: itself
	// for those 532, another for the finer fiches of ROME 4.0.
	Parent string
}

type metiersTable struct {
	list   []Metier
	byCode map[string]int
}

var metiers = sync.OnceValue(func() *metiersTable {
	t := &metiersTable{byCode: map[string]int{}}
	readCSV("rome.csv", []string{"code", "libelle", "parent"}, func(r []string) {
		t.byCode[r[0]] = len(t.list)
		t.list = append(t.list, Metier{Code: r[0], Libelle: r[1], Parent: r[2]})
	})
	return t
})

// MetierByCode returns a fiche of the ROME from its code, in any case.
func MetierByCode(code string) (Metier, bool) {
	t := metiers()
	i, ok := t.byCode[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Metier{}, false
	}
	return t.list[i], true
}

var domainesMetiers = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	readCSV("rome_domaines.csv", []string{"code", "libelle"}, func(r []string) { m[r[0]] = r[1] })
	return m
})
