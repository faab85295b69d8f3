package refdata

import (
	"slices"
	"strings"
	"sync"

	"cee/internal/model"
)

// Reference is one entry of a list a person picks from instead of typing a
// code: Libelle is what they read and what the field holds once chosen
// (« Toulouse (31) », « CAP Boulanger (50022137) »), unique in its list, so
// that the form reads it back without ambiguity; Code is what is stored.
type Reference struct {
	Code, Libelle string
}

// Referentiel is a list searched by label as one types, and read back from
// what was typed: a label, a code, or a name that one entry alone carries.
type Referentiel struct {
	// Nom is the noun used in messages: « commune », « spécialité »…
	Nom string
	// Inconnu is the adjective agreeing with Nom: « inconnue », « inconnu ».
	Inconnu string
	entries []referenceEntry
	index   map[string]int
	byCode  func(string) (string, bool)
}

type referenceEntry struct {
	Reference
	libelle, nom, code string // folded: the whole label, the label without its parentheses, the code
}

func newReferentiel(nom, inconnu string, refs []Reference, byCode func(string) (string, bool)) *Referentiel {
	r := &Referentiel{Nom: nom, Inconnu: inconnu, byCode: byCode, entries: make([]referenceEntry, 0, len(refs)), index: make(map[string]int, len(refs))}
	for i, ref := range refs {
		r.index[ref.Code] = i
		r.entries = append(r.entries, referenceEntry{Reference: ref, libelle: fold(ref.Libelle), nom: fold(sansParentheses(ref.Libelle)),
			code: fold(ref.Code)})
	}
	return r
}

// fold puts a text in the form searches compare: lower case, no accents,
// single spaces, apostrophes and hyphens as spaces.
func fold(s string) string { return strings.Join(strings.Fields(model.Fold(s)), " ") }

// sansParentheses is a label without its trailing « (…) ».
func sansParentheses(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, " ("); i > 0 && strings.HasSuffix(s, ")") {
		return s[:i]
	}
	return s
}

// Chercher returns at most n entries whose label holds every word typed (in
// any case, with or without accents), or whose code starts with what was
// typed; the label starting with the text first, then a word of it, then the
// shortest.
func (r *Referentiel) Chercher(q string, n int) []Reference {
	q = fold(q)
	if q == "" || n <= 0 {
		return nil
	}
	words := strings.Fields(q)
	type hit struct {
		rank int
		e    *referenceEntry
	}
	less := func(a, b hit) bool {
		return a.rank < b.rank || a.rank == b.rank && len(a.e.Libelle) < len(b.e.Libelle)
	}
	// The n best kept sorted as they come: a short search (« saint ») matches
	// thousands of communes, sorting them all would cost more than the scan.
	best := make([]hit, 0, n+1)
	for i := range r.entries {
		e := &r.entries[i]
		rank := 0
		switch {
		case e.code == q || e.nom == q:
			rank = 0
		case strings.HasPrefix(e.code, q), strings.HasPrefix(e.libelle, q):
			rank = 1
		case strings.Contains(e.libelle, " "+q):
			rank = 2
		default:
			rank = 3
			for _, w := range words {
				if !strings.Contains(e.libelle, w) {
					rank = -1
					break
				}
			}
		}
		h := hit{rank, e}
		if rank < 0 || len(best) == n && !less(h, best[n-1]) {
			continue
		}
		j := len(best)
		for j > 0 && less(h, best[j-1]) {
			j--
		}
		best = slices.Insert(best, j, h)
		if len(best) > n {
			best = best[:n]
		}
	}
	out := make([]Reference, 0, len(best))
	for _, h := range best {
		out = append(out, h.e.Reference)
	}
	return out
}

// Lire reads back what a person typed or chose: a label of the list, a code,
// or a name without its parentheses that one entry alone carries. found is
// false when nothing matches; when several entries share the name, they are
// returned in candidats (at most 5) so that the message can name them.
func (r *Referentiel) Lire(s string) (ref Reference, found bool, candidats []Reference) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Reference{}, false, nil
	}
	if code, ok := r.byCode(s); ok {
		return r.reference(code), true, nil
	}
	f := fold(s)
	nom := fold(sansParentheses(s))
	for i := range r.entries {
		e := &r.entries[i]
		if e.libelle == f {
			return e.Reference, true, nil
		}
		if e.nom == nom {
			candidats = append(candidats, e.Reference)
		}
	}
	// A code in parentheses, however the label before it was written.
	if i := strings.LastIndex(s, "("); i >= 0 && strings.HasSuffix(s, ")") {
		if code, ok := r.byCode(s[i+1 : len(s)-1]); ok {
			return r.reference(code), true, nil
		}
	}
	if len(candidats) == 1 {
		return candidats[0], true, nil
	}
	return Reference{}, false, candidats[:min(5, len(candidats))]
}

// Message is the French message for what Lire could not read, saying what
// to do; empty when found.
func (r *Referentiel) Message(s string, found bool, candidats []Reference) string {
	switch {
	case found || strings.TrimSpace(s) == "":
		return ""
	case len(candidats) > 1:
		var libelles []string
		for _, c := range candidats {
			libelles = append(libelles, "« "+c.Libelle+" »")
		}
		return "Plusieurs " + r.Nom + "s s'appellent « " + strings.TrimSpace(s) + " » : précisez, par exemple " + strings.Join(libelles, " ou ") + "."
	default:
		return "« " + strings.TrimSpace(s) + " » : " + r.Nom + " " + r.Inconnu + ". Tapez les premières lettres du nom et choisissez dans la liste proposée."
	}
}

// Libelle is the label of a code, or the code itself when the list does not
// hold it (a code kept from an older list stays readable).
func (r *Referentiel) Libelle(code string) string {
	if code == "" {
		return ""
	}
	if c, ok := r.byCode(code); ok {
		return r.reference(c).Libelle
	}
	return code
}

func (r *Referentiel) reference(code string) Reference {
	i, ok := r.index[code]
	if !ok {
		return Reference{Code: code, Libelle: code}
	}
	return r.entries[i].Reference
}

// ReferentielCommunes lists the communes as « Toulouse (31) »: a name is
// unique within its département.
var ReferentielCommunes = sync.OnceValue(func() *Referentiel {
	list := communes().list
	refs := make([]Reference, 0, len(list))
	for _, c := range list {
		refs = append(refs, Reference{Code: c.CodeINSEE, Libelle: c.Nom + " (" + c.Departement + ")"})
	}
	return newReferentiel("commune", "inconnue", refs, func(s string) (string, bool) {
		c, ok := CommuneByCode(s)
		return c.CodeINSEE, ok
	})
})

// ReferentielDepartements lists the départements as « Haute-Garonne (31) ».
var ReferentielDepartements = sync.OnceValue(func() *Referentiel {
	var refs []Reference
	for _, d := range departements() {
		refs = append(refs, Reference{Code: d.Code, Libelle: d.Nom + " (" + d.Code + ")"})
	}
	return newReferentiel("département", "inconnu", refs, func(s string) (string, bool) {
		d, ok := DepartementByCode(s)
		return d.Code, ok
	})
})

// nafReferentiel lists the codes of the levels given; any level is read
// back when toutNiveau is set (a request may name a groupe, 43.2).
func nafReferentiel(nom, inconnu string, toutNiveau bool, niveaux ...int) *Referentiel {
	var refs []Reference
	for _, n := range nafs().list {
		if slices.Contains(niveaux, n.Niveau) {
			refs = append(refs, Reference{Code: n.Code, Libelle: n.Libelle + " (" + n.Code + ")"})
		}
	}
	return newReferentiel(nom, inconnu, refs, func(s string) (string, bool) {
		n, ok := NAFByCode(s)
		return n.Code, ok && (toutNiveau || slices.Contains(niveaux, n.Niveau))
	})
}

// ReferentielActivites lists the NAF sous-classes, the activity a company
// carries: « Boulangerie et boulangerie-pâtisserie (10.71C) ».
var ReferentielActivites = sync.OnceValue(func() *Referentiel { return nafReferentiel("activité", "inconnue", false, 5) })

// ReferentielSecteurs lists what a request may ask for: a NAF section
// (« Construction (F) »), a division or a sous-classe.
var ReferentielSecteurs = sync.OnceValue(func() *Referentiel { return nafReferentiel("secteur", "inconnu", true, 1, 2, 5) })

// ReferentielSpecialites lists the diploma specialities as « CAP Boulanger
// (50022137) », open ones first: the same title can have several codes.
var ReferentielSpecialites = sync.OnceValue(func() *Referentiel {
	list := slices.Clone(diplomes().list)
	slices.SortStableFunc(list, func(a, b Diplome) int {
		if a.Ouvert == b.Ouvert {
			return 0
		}
		if a.Ouvert {
			return -1
		}
		return 1
	})
	refs := make([]Reference, 0, len(list))
	for _, d := range list {
		libelle := d.Type + " " + d.Intitule + " (" + d.Code + ")"
		if !d.Ouvert {
			libelle = d.Type + " " + d.Intitule + ", fermé (" + d.Code + ")"
		}
		refs = append(refs, Reference{Code: d.Code, Libelle: libelle})
	}
	return newReferentiel("spécialité", "inconnue", refs, func(s string) (string, bool) {
		d, ok := DiplomeByCode(s)
		return d.Code, ok
	})
})

// ReferentielMetiers lists the fiches of the ROME as « Boulanger /
// Boulangère (D1102) ».
var ReferentielMetiers = sync.OnceValue(func() *Referentiel {
	list := metiers().list
	refs := make([]Reference, 0, len(list))
	for _, m := range list {
		refs = append(refs, Reference{Code: m.Code, Libelle: m.Libelle + " (" + m.Code + ")"})
	}
	return newReferentiel("métier", "inconnu", refs, func(s string) (string, bool) {
		m, ok := MetierByCode(s)
		return m.Code, ok
	})
})

// ReferentielConventions lists the conventions collectives by their usual
// name and number: « Métallurgie (IDCC 3248) »; a number is read with or
// without « IDCC » and its leading zeros.
var ReferentielConventions = sync.OnceValue(func() *Referentiel {
	list := idccs()
	refs := make([]Reference, 0, len(list))
	for _, c := range list {
		refs = append(refs, Reference{Code: c.Numero, Libelle: LibelleConvention(c.Numero)})
	}
	return newReferentiel("convention collective", "inconnue", refs, func(s string) (string, bool) {
		s = strings.TrimSpace(s)
		if len(s) > 4 && strings.EqualFold(s[:4], "idcc") {
			s = s[4:]
		}
		c, ok := IDCCByNumero(s)
		return c.Numero, ok
	})
})
