package refdata

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Commune is a commune, or a municipal arrondissement of Paris, Lyon or
// Marseille, of a département of the 30 académies (INSEE COG 2026).
type Commune struct {
	// CodeINSEE is the 5-character INSEE code ("31555", "2A004"), not a
	// postcode.
	CodeINSEE string
	// Type is "COM" for a commune, "ARM" for a municipal arrondissement.
	// Paris, Lyon and Marseille appear both as a commune and as their
	// arrondissements, since addresses and school files use either.
	Type string
	// Nom is the official name with its article, e.g. "L'Abergement-Clémenciat".
	Nom string
	// Departement is the INSEE code of its département.
	Departement string
	// CodesPostaux are La Poste's postcodes for the commune.
	CodesPostaux []string
	// Lat and Lon are La Poste's point for the commune (WGS84), valid only
	// when HasCoords is true: 6 communes re-established in 2024–2025 have none.
	Lat, Lon  float64
	HasCoords bool
	// CommuneParente is, for an arrondissement, the code of its commune
	// (75056, 69123, 13055); empty otherwise.
	CommuneParente string
}

type communesTable struct {
	list   []Commune
	byCode map[string]int
	// byDep holds each département's range in list: the list is sorted by
	// code, and a commune's code starts with its département's.
	byDep map[string][2]int
}

var communes = sync.OnceValue(loadCommunes)

func loadCommunes() *communesTable {
	t := &communesTable{
		list:   make([]Commune, 0, 35000),
		byCode: make(map[string]int, 35000),
		byDep:  make(map[string][2]int, 101),
	}
	header := []string{"code_insee", "type", "nom", "departement", "codes_postaux", "latitude", "longitude", "commune_parente"}
	readCSV("communes.csv", header, func(r []string) {
		c := Commune{
			CodeINSEE:      r[0],
			Type:           r[1],
			Nom:            r[2],
			Departement:    r[3],
			CodesPostaux:   splitList(r[4]),
			CommuneParente: r[7],
		}
		if r[5] != "" {
			var err1, err2 error
			c.Lat, err1 = strconv.ParseFloat(r[5], 64)
			c.Lon, err2 = strconv.ParseFloat(r[6], 64)
			if err1 != nil || err2 != nil {
				panic(fmt.Sprintf("refdata: communes.csv: %s: bad coordinates", c.CodeINSEE))
			}
			c.HasCoords = true
		}
		i := len(t.list)
		t.list = append(t.list, c)
		t.byCode[c.CodeINSEE] = i
		rg, seen := t.byDep[c.Departement]
		switch {
		case !seen:
			t.byDep[c.Departement] = [2]int{i, i + 1}
		case rg[1] == i:
			t.byDep[c.Departement] = [2]int{rg[0], i + 1}
		default:
			panic("refdata: communes.csv is not sorted by code; run scripts/refdata/generate.sh")
		}
	})
	return t
}

// Communes returns the communes (type COM) and municipal arrondissements (type
// ARM) of the départements of the 30 académies, sorted by INSEE code. The
// communes of the overseas collectivities (Saint-Martin, Polynesia, …) are left
// out.
func Communes() []Commune { return slices.Clone(communes().list) }

// CommuneByCode returns a commune from its INSEE code ("2a004" is read as
// "2A004").
func CommuneByCode(code string) (Commune, bool) {
	t := communes()
	i, ok := t.byCode[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Commune{}, false
	}
	return t.list[i], true
}

// CommunesOfDepartement returns the communes and arrondissements of a
// département, sorted by INSEE code; the code is read as by DepartementByCode.
func CommunesOfDepartement(dep string) []Commune {
	t := communes()
	rg, ok := t.byDep[normDepartement(dep)]
	if !ok {
		return nil
	}
	return slices.Clone(t.list[rg[0]:rg[1]])
}

// communesByCodePostal is built apart from the commune table so that the
// first call to Communes stays fast for callers that never search by postcode.
var communesByCodePostal = sync.OnceValue(func() map[string][]int {
	t := communes()
	m := make(map[string][]int, 40000)
	for i, c := range t.list {
		for _, cp := range c.CodesPostaux {
			m[cp] = append(m[cp], i)
		}
	}
	return m
})

// CommunesOfCodePostal returns the communes and arrondissements served by a
// postcode, sorted by INSEE code. A postcode often serves several communes,
// and a commune can have several postcodes.
func CommunesOfCodePostal(cp string) []Commune {
	t := communes()
	idx := communesByCodePostal()[strings.TrimSpace(cp)]
	if len(idx) == 0 {
		return nil
	}
	list := make([]Commune, 0, len(idx))
	for _, i := range idx {
		list = append(list, t.list[i])
	}
	return list
}
