package web

import (
	"net/http"
	"strconv"

	"cee/internal/importer"
	"cee/internal/web/ui"
)

// The mapping step of an import (issue 15, item 8), generic over the
// import's fields: correspondanceColonnes (correspondance.templ) shows how
// each column was understood with a select to change it, and
// lireCorrespondance reads the person's changes back. The register of CEE
// uses it; any other import with importer.Deviner (the exam juries' file)
// can.

// ignorerColonne is the value of « Ne pas lire cette colonne ».
const ignorerColonne = "-"

// optionsChamps are the choices of a column's select: not read, or a field.
func optionsChamps(champs []importer.Champ) []ui.Option {
	opts := []ui.Option{{Value: ignorerColonne, Label: "Ne pas lire cette colonne"}}
	for _, c := range champs {
		opts = append(opts, ui.Option{Value: c.Cle, Label: c.Libelle})
	}
	return opts
}

// valeurColonne is the selected option of a column.
func valeurColonne(c importer.ColonneLue) string {
	if c.Champ == "" {
		return ignorerColonne
	}
	return c.Champ
}

// aideColonne says how the column was understood.
func aideColonne(c importer.ColonneLue) string {
	switch {
	case c.Inconnue():
		return "Colonne non reconnue : elle ne sera pas lue, sauf si vous lui donnez un champ."
	case c.Choisie:
		return "Votre choix, mémorisé pour l'académie."
	}
	return "Reconnue d'après son titre."
}

// lireCorrespondance reads the mapping form: the columns whose select was
// changed, and those chosen before (still a choice); a column left as it
// was guessed, or unknown and left unread, is no choice.
func lireCorrespondance(r *http.Request) importer.Correspondance {
	corr := importer.Correspondance{}
	for j := 0; ; j++ {
		k := strconv.Itoa(j)
		entete, ok := r.PostForm["entete-"+k]
		if !ok {
			return corr
		}
		v, avant := r.PostFormValue("colonne-"+k), r.PostFormValue("avant-"+k)
		if v == avant && r.PostFormValue("choisie-"+k) == "" {
			continue
		}
		if v == ignorerColonne {
			v = ""
		}
		corr[importer.CleEntete(entete[0])] = v
	}
}

func nombreInconnues(cols []importer.ColonneLue) int {
	n := 0
	for _, c := range cols {
		if c.Inconnue() && c.Entete != "" {
			n++
		}
	}
	return n
}

func listeInconnues(cols []importer.ColonneLue) string {
	s := ""
	for _, c := range cols {
		if c.Inconnue() && c.Entete != "" {
			if s != "" {
				s += ", "
			}
			s += "« " + c.Entete + " »"
		}
	}
	return s
}
