package workflow

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// LireReference reads a field that takes one entry of a list: what a person
// chose in the suggestions (« Toulouse (31) »), a code, or a name that one
// entry alone carries. It returns the code, or a French message saying what
// to do; "" and no message when the field is empty.
func LireReference(r *refdata.Referentiel, s string) (string, string) {
	ref, found, cands := r.Lire(s)
	return ref.Code, r.Message(s, found, cands)
}

// LireReferences reads a field that takes several entries of a list,
// separated by « ; » or new lines (the suggestions add « ; » after each
// choice), or by commas when the entries are codes (« F, 43.21A »), since a
// label may itself hold a comma. The message is the first entry's that
// cannot be read.
func LireReferences(r *refdata.Referentiel, saisies ...string) ([]string, string) {
	var codes []string
	add := func(c string) {
		for _, seen := range codes {
			if seen == c {
				return
			}
		}
		codes = append(codes, c)
	}
	for _, s := range saisies {
		for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' }) {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			ref, found, cands := r.Lire(part)
			if found {
				add(ref.Code)
				continue
			}
			pieces, echec := lireParVirgules(r, part)
			if pieces == nil {
				return codes, r.Message(part, found, cands)
			}
			if echec != "" {
				return codes, r.Message(echec, false, nil)
			}
			for _, c := range pieces {
				add(c)
			}
		}
	}
	return codes, ""
}

// lireParVirgules reads entries separated by commas: nil when s holds
// none or none of them can be read (s is then one entry that is unknown),
// else the codes read and the first piece that cannot be.
func lireParVirgules(r *refdata.Referentiel, s string) (codes []string, echec string) {
	if !strings.Contains(s, ",") {
		return nil, ""
	}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		ref, found, _ := r.Lire(p)
		switch {
		case found:
			codes = append(codes, ref.Code)
		case echec == "":
			echec = p
		}
	}
	if len(codes) == 0 {
		return nil, ""
	}
	return codes, echec
}

// LibellesReferences is what a field taking several entries shows for
// stored codes: their labels, each followed by « ; » as the suggestions
// write them.
func LibellesReferences(r *refdata.Referentiel, codes []string) string {
	var b strings.Builder
	for _, c := range codes {
		b.WriteString(r.Libelle(c))
		b.WriteString(" ; ")
	}
	return strings.TrimSuffix(b.String(), " ")
}

// LireSpecialites reads diploma specialities as LireReferences does, also
// accepting titles as registers write them (« Baccalauréat professionnel
// Boulanger »).
func LireSpecialites(saisies ...string) ([]string, string) {
	var norm []string
	for _, s := range saisies {
		for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' }) {
			norm = append(norm, CodeSpecialite(part))
		}
	}
	return LireReferences(refdata.ReferentielSpecialites(), strings.Join(norm, ";"))
}

// LireMetiers reads a field of métiers: each one chosen in the suggestions
// of the ROME (« Boulanger / Boulangère (D1102) »), its code, or its exact
// name gives the ROME code; a métier written in words (« chef de chantier »)
// is kept as written, since the matching compares words too. Entries are
// separated by « ; », new lines or commas. The message says what to do with
// a ROME code that does not exist or a name several fiches carry.
func LireMetiers(s string) ([]string, string) {
	r := refdata.ReferentielMetiers()
	var out []string
	add := func(p string) string {
		ref, found, cands := r.Lire(p)
		switch {
		case found:
			p = ref.Code
		case len(cands) > 1, codeROME.MatchString(p):
			return r.Message(p, found, cands)
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
		return ""
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' }) {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		// A label of the ROME may hold a comma: the whole entry first.
		pieces := []string{part}
		if _, found, _ := r.Lire(part); !found {
			pieces = strings.Split(part, ",")
		}
		for _, p := range pieces {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			if msg := add(p); msg != "" {
				return out, msg
			}
		}
	}
	return out, ""
}

// codeROME is what a person typing a ROME code writes: a letter and four
// digits.
var codeROME = regexp.MustCompile(`^[A-Za-z][0-9]{4}$`)

// LibellesMetiers is what a field of métiers shows for stored ones: the
// ROME's labels (with their code, as the suggestions write them) and the
// métiers written in words, each followed by « ; ».
func LibellesMetiers(metiers []string) string {
	return LibellesReferences(refdata.ReferentielMetiers(), metiers)
}

// LibelleEtablissement is how a school is shown in a field and in the
// suggestions: « Lycée Jean Jaurès, Toulouse (0310024H) ».
func LibelleEtablissement(e model.Etablissement) string {
	return e.Nom + ", " + e.NomCommune + " (" + e.UAI + ")"
}

// ChercherEtablissements returns at most n schools of the académie (all when
// empty) whose name or commune holds every word typed, accents or not.
func ChercherEtablissements(ctx context.Context, s *store.Store, academie, q string, n int) ([]model.Etablissement, error) {
	mots := strings.Fields(model.Fold(q))
	if len(mots) == 0 {
		return nil, nil
	}
	// The store matches loosely (a vowel for any letter); a few hundred
	// candidates are enough to find the n whose folded name holds the words.
	list, _, err := s.ListEtablissements(ctx, store.EtablissementFilter{Academie: academie, Mots: mots, Limit: 300})
	if err != nil {
		return nil, err
	}
	var out []model.Etablissement
	for _, e := range list {
		texte := model.Fold(e.Nom + " " + e.NomCommune + " " + e.UAI)
		if len(out) < n && toutesPresentes(texte, mots) {
			out = append(out, e)
		}
	}
	return out, nil
}

func toutesPresentes(texte string, mots []string) bool {
	for _, m := range mots {
		if !strings.Contains(texte, m) {
			return false
		}
	}
	return true
}

// EtablissementSaisi reads a field that takes a school: its UAI, the label
// the suggestions write, or a name one school of the académie alone holds.
// A message says what to do otherwise; the zero school and no message when
// the field is empty.
func EtablissementSaisi(ctx context.Context, s *store.Store, academie, saisie string) (model.Etablissement, string) {
	saisie = strings.TrimSpace(saisie)
	if saisie == "" {
		return model.Etablissement{}, ""
	}
	uai, ok := refdata.NormalizeUAI(saisie)
	if i := strings.LastIndex(saisie, "("); !ok && i >= 0 && strings.HasSuffix(saisie, ")") {
		uai, ok = refdata.NormalizeUAI(saisie[i+1 : len(saisie)-1])
	}
	if !ok && len(saisie) == 8 && strings.Trim(saisie[:7], "0123456789") == "" {
		return model.Etablissement{}, "UAI « " + saisie + " » invalide : 7 chiffres et une lettre de contrôle, par exemple 0310024H ; ou tapez les premières lettres du nom de l'établissement."
	}
	if ok {
		e, err := s.GetEtablissement(ctx, uai)
		if err != nil {
			return e, "Aucun établissement connu avec l'UAI " + uai + " : tapez les premières lettres de son nom et choisissez dans la liste proposée."
		}
		return e, ""
	}
	list, err := ChercherEtablissements(ctx, s, academie, saisie, 6)
	switch {
	case err != nil:
		return model.Etablissement{}, "Recherche de l'établissement impossible pour le moment : indiquez son UAI (7 chiffres et une lettre)."
	case len(list) == 1:
		return list[0], ""
	case len(list) == 0:
		return model.Etablissement{}, "Aucun établissement « " + saisie + " » : tapez les premières lettres de son nom ou de sa commune et choisissez dans la liste proposée, ou indiquez son UAI."
	}
	var libelles []string
	for _, e := range list[:min(3, len(list))] {
		libelles = append(libelles, "« "+LibelleEtablissement(e)+" »")
	}
	return model.Etablissement{}, "Plusieurs établissements répondent à « " + saisie + " » : précisez, par exemple " + strings.Join(libelles, " ou ") + "."
}

// ResumeCriteres says a segment's criteria with the names of what they
// hold (« département Haute-Garonne (31), secteur Construction (F) »);
// organisations are named from the list given, by number otherwise.
func ResumeCriteres(c model.Criteres, organisations []model.Organisation) string {
	l := model.LibellesCriteres{
		Academie: refdata.LibelleAcademie, Departement: refdata.LibelleDepartement, SectionNAF: refdata.LibelleNAF, Famille: refdata.LibelleFamille,
	}
	if len(organisations) > 0 {
		l.Organisation = func(id int64) string {
			for _, o := range organisations {
				if o.ID == id {
					return o.Nom
				}
			}
			return "n° " + strconv.FormatInt(id, 10)
		}
	}
	return c.Resume(l)
}
