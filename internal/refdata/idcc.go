package refdata

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// IDCC is a national convention collective, known by its IDCC number
// (identifiant de convention collective), which a company's payslips carry.
type IDCC struct {
	// Numero is the IDCC on 4 digits, e.g. "1486", "0016".
	Numero string
	// Titre is the full title on Légifrance.
	Titre string
	// TitreCourt is the usual short name, e.g. "Métallurgie".
	TitreCourt string
	// KaliID is the Légifrance KALI identifier of the convention
	// ("KALICONT000005635173").
	KaliID string
}

var idccs = sync.OnceValue(func() []IDCC {
	var list []IDCC
	readCSV("idcc.csv", []string{"numero", "titre", "titre_court", "kali_id"}, func(r []string) {
		list = append(list, IDCC{Numero: r[0], Titre: r[1], TitreCourt: r[2], KaliID: r[3]})
	})
	return list
})

// IDCCs returns the conventions collectives that have an IDCC number, sorted by
// number.
func IDCCs() []IDCC { return slices.Clone(idccs()) }

// IDCCByNumero returns a convention collective from its IDCC number, with or
// without leading zeros ("16" or "0016").
func IDCCByNumero(numero string) (IDCC, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(numero))
	if err != nil || n <= 0 || n > 9999 {
		return IDCC{}, false
	}
	key := fmt.Sprintf("%04d", n)
	list := idccs()
	i, ok := slices.BinarySearchFunc(list, key, func(c IDCC, k string) int { return strings.Compare(c.Numero, k) })
	if !ok {
		return IDCC{}, false
	}
	return list[i], true
}
