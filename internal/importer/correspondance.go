package importer

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"cee/internal/model"
)

// Champ is a field an import fills, with the headers people give its
// column. It is the generic piece of every import with a mapping step: the
// register of CEE (ChampsConseillers), and any other file whose columns are
// guessed, shown and changed before anything is written.
type Champ struct {
	Cle     string   // the field's key, stored in a Correspondance
	Libelle string   // its French name, in the mapping screen and the printed mapping
	Alias   []string // headers that mean it, compared after normaliser
}

// Correspondance is what a person chose for the columns of a file: the
// normalised header (CleEntete) → a field's Cle, or "" for a column they
// chose to ignore. It is remembered per académie and per kind of import,
// and applies before any guess.
type Correspondance map[string]string

// CleEntete is the key of a header in a Correspondance: case, accents and
// punctuation do not matter (« Mél pro » and « MEL PRO » are one column).
func CleEntete(h string) string { return normaliser(h) }

// ColonneLue is how one column of a file was understood.
type ColonneLue struct {
	Entete  string // the header as written in the file, trimmed
	Champ   string // the field's Cle, "" when the column is not read
	Choisie bool   // from the person's Correspondance, not guessed
}

// Inconnue tells a column nobody understood: neither guessed nor chosen.
// The mapping screen and the printed mapping list it, it is never dropped
// silently.
func (c ColonneLue) Inconnue() bool { return c.Champ == "" && !c.Choisie }

// Deviner understands the headers of a file: the person's choice first
// (corr), then the fields' names and aliases, then the same without trailing
// qualifiers (« Courriel pro », « Date de début (JJ/MM/AAAA) »). An empty
// header gives a column with no field.
func Deviner(entetes []string, champs []Champ, corr Correspondance) []ColonneLue {
	index := indexAlias(champs)
	out := make([]ColonneLue, len(entetes))
	for j, h := range entetes {
		h = nettoyer(h)
		out[j].Entete = h
		if h == "" {
			continue
		}
		if f, ok := corr[CleEntete(h)]; ok {
			out[j].Champ, out[j].Choisie = f, true
			continue
		}
		out[j].Champ = champDeEntete(h, index)
	}
	return out
}

// indexAlias maps the normalised names and aliases of champs to their key.
func indexAlias(champs []Champ) map[string]string {
	m := make(map[string]string)
	for _, c := range champs {
		m[normaliser(c.Cle)] = c.Cle
		for _, a := range c.Alias {
			m[normaliser(a)] = c.Cle
		}
	}
	return m
}

// LibelleChamp is the French name of a field's key among champs ("" when
// unknown).
func LibelleChamp(champs []Champ, cle string) string {
	for _, c := range champs {
		if c.Cle == cle {
			return c.Libelle
		}
	}
	return ""
}

// VerifierCorrespondance checks that every field chosen is one of champs:
// a message naming the column otherwise.
func VerifierCorrespondance(corr Correspondance, champs []Champ) error {
	for h, f := range corr {
		if f != "" && LibelleChamp(champs, f) == "" {
			return fmt.Errorf("colonne « %s » : champ « %s » inconnu ; champs possibles : %s", h, f, clesDe(champs))
		}
	}
	return nil
}

func clesDe(champs []Champ) string {
	var out []string
	for _, c := range champs {
		out = append(out, c.Cle)
	}
	return strings.Join(out, ", ")
}

// Choix is a mapping file: what to do of the columns, and, for the register
// of CEE, of the organisations the file names that do not exist.
type Choix struct {
	Colonnes      Correspondance
	Organisations map[string]string // folded name in the file → an organisation's id, or ChoixCreer
}

// ChoixCreer is the choice of creating an organisation the file names.
const ChoixCreer = "creer"

// LireChoix reads a mapping file (`cee import --mapping FILE`), a CSV read
// by the one decoder, one choice a line:
//
//	colonne;Mél pro;Email
//	colonne;Remarques;ignorer
//	organisation;UIMM Occitanie;12
//	organisation;Fédération du paysage;creer
//
// A header line « type;valeur;choix » is allowed. The fields are the Cle of
// champs; the messages name the line.
func LireChoix(data []byte, champs []Champ) (Choix, error) {
	ch := Choix{Colonnes: Correspondance{}, Organisations: map[string]string{}}
	texte, _, ok := DecoderTexte(data)
	if !ok {
		return ch, fmt.Errorf("fichier de correspondance illisible : un texte CSV (type;valeur;choix) est attendu")
	}
	sep := byte(';')
	if !strings.Contains(texte, ";") && strings.Contains(texte, ",") {
		sep = ','
	}
	for _, e := range lireTout(texte, sep, 0) {
		if e.guillemet {
			return ch, fmt.Errorf("fichier de correspondance, %s", e.message())
		}
		cells := e.cellules
		for len(cells) < 3 {
			cells = append(cells, "")
		}
		typ, valeur, choix := normaliser(cells[0]), nettoyer(cells[1]), nettoyer(cells[2])
		switch {
		case typ == "" && valeur == "":
			continue
		case typ == "type" && e.debut == 1:
			continue
		case valeur == "":
			return ch, fmt.Errorf("fichier de correspondance, ligne %d : la deuxième cellule (le titre de colonne ou le nom d'organisation) est vide", e.debut)
		case typ == "colonne":
			f := choix
			if normaliser(choix) == "ignorer" || choix == "" {
				f = ""
			} else if LibelleChamp(champs, choix) == "" {
				return ch, fmt.Errorf("fichier de correspondance, ligne %d : champ « %s » inconnu ; champs possibles : %s, ou « ignorer »", e.debut, choix, clesDe(champs))
			}
			ch.Colonnes[CleEntete(valeur)] = f
		case typ == "organisation":
			if choix != ChoixCreer && !estNombre(choix) {
				return ch, fmt.Errorf("fichier de correspondance, ligne %d : pour « %s », indiquez le numéro d'une organisation existante ou « %s »", e.debut, valeur, ChoixCreer)
			}
			ch.Organisations[model.Fold(valeur)] = choix
		default:
			return ch, fmt.Errorf("fichier de correspondance, ligne %d : type « %s » inconnu : « colonne » ou « organisation »", e.debut, cells[0])
		}
	}
	return ch, nil
}

func estNombre(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Proches returns the indexes of the n names of candidats closest to nom,
// the closest first: those sharing the most words (accents and case
// aside), then by a shared beginning; a name sharing nothing is left out.
// It proposes existing organisations for a name that matches none.
func Proches(nom string, candidats []string, n int) []int {
	mots := strings.Fields(normaliser(nom))
	type note struct{ i, score int }
	var notes []note
	for i, c := range candidats {
		cm := strings.Fields(normaliser(c))
		score := 0
		for _, m := range mots {
			if slices.Contains(cm, m) {
				score += 10
			} else if len(m) >= 4 && slices.ContainsFunc(cm, func(x string) bool { return strings.HasPrefix(x, m[:4]) }) {
				score += 3
			}
		}
		if score > 0 {
			notes = append(notes, note{i, score})
		}
	}
	sort.SliceStable(notes, func(a, b int) bool { return notes[a].score > notes[b].score })
	var out []int
	for _, x := range notes[:min(n, len(notes))] {
		out = append(out, x.i)
	}
	return out
}
