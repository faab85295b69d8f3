package refdata

import (
	"strconv"
	"strings"
	"sync"
)

// NAF is a code of the French classification of activities NAF rév. 2
// (INSEE), as SIRENE gives it for a company (activité principale, APE).
type NAF struct {
	// Code is written as INSEE publishes it: "J" (section), "62" (division),
	// "62.0" (groupe), "62.01" (classe), "62.01Z" (sous-classe).
	Code    string
	Libelle string
	// Section is the letter of the section the code belongs to, "A" to "U".
	Section string
	// Niveau is the level in the classification: 1 section, 2 division,
	// 3 groupe, 4 classe, 5 sous-classe.
	Niveau int
}

type nafTable struct {
	list   []NAF
	byCode map[string]int
}

var nafs = sync.OnceValue(func() *nafTable {
	t := &nafTable{byCode: map[string]int{}}
	readCSV("naf.csv", []string{"code", "niveau", "section", "libelle"}, func(r []string) {
		n, err := strconv.Atoi(r[1])
		if err != nil {
			panic("refdata: naf.csv: bad niveau " + r[1])
		}
		t.byCode[r[0]] = len(t.list)
		t.list = append(t.list, NAF{Code: r[0], Niveau: n, Section: r[2], Libelle: r[3]})
	})
	return t
})

// NAFs returns the 732 sous-classes (level 5), the codes a company carries,
// sorted by code.
func NAFs() []NAF { return nafLevel(5) }

// NAFSections returns the 21 sections, "A" to "U".
func NAFSections() []NAF { return nafLevel(1) }

func nafLevel(n int) []NAF {
	var list []NAF
	for _, c := range nafs().list {
		if c.Niveau == n {
			list = append(list, c)
		}
	}
	return list
}

// NAFByCode returns a code of any level. Besides the INSEE form ("62.01Z") it
// accepts the form without the dot that SIRENE files and forms often use
// ("6201Z", "6201"), and lower case.
func NAFByCode(code string) (NAF, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) >= 3 && !strings.Contains(code, ".") && isDigits(code[:3]) {
		code = code[:2] + "." + code[2:]
	}
	t := nafs()
	i, ok := t.byCode[code]
	if !ok {
		return NAF{}, false
	}
	return t.list[i], true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// NAFDivisions returns the two-digit divisions of a section ("F" → 41, 42,
// 43): what to compare a NAF code's first digits with.
func NAFDivisions(section string) []string {
	var out []string
	for _, c := range nafLevel(2) {
		if c.Section == section {
			out = append(out, c.Code)
		}
	}
	return out
}
