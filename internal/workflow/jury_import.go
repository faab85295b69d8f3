package workflow

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"cee/internal/importer"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// KindJurys is the kind of the juries' imports, for the remembered mapping.
const KindJurys = "jurys"

// LireJurys reads the exam division's list of juries with the académie's
// remembered column mapping, overlaid by the person's choice of now: the
// one way the web and the command line read it.
func LireJurys(ctx context.Context, s *store.Store, academie, name string, data []byte, choix importer.Correspondance) (importer.RapportJurys, error) {
	corr, err := correspondanceRetenue(ctx, s, academie, KindJurys, choix)
	if err != nil {
		return importer.RapportJurys{}, err
	}
	return importer.LireJurys(name, data, corr)
}

// correspondanceRetenue is the mapping remembered for the académie's
// imports of kind, overlaid by choix.
func correspondanceRetenue(ctx context.Context, s *store.Store, academie, kind string, choix importer.Correspondance) (importer.Correspondance, error) {
	corr, err := s.GetCorrespondance(ctx, academie, kind)
	if err != nil {
		return nil, err
	}
	for h, f := range choix {
		corr[h] = f
	}
	return importer.Correspondance(corr), nil
}

// ImportJurysOptions says how to import a read juries file.
type ImportJurysOptions struct {
	Actor Actor
	// DryRun matches and counts, writing nothing.
	DryRun bool
	// SkipInvalid writes the valid lines even when others are rejected; by
	// default a rejected line and nothing is written.
	SkipInvalid bool
	// Colonnes are the person's choices of columns, remembered for the
	// académie when the import is written.
	Colonnes importer.Correspondance
}

// ImportJurysResult is what an import of juries did, or would do.
type ImportJurysResult struct {
	Crees, MisAJour, Rejetes int
	// Erreurs are the rejected lines' problems, the file's and the
	// matching's (unknown diploma or centre), by line.
	Erreurs []importer.Erreur
	// Jurys are the juries of the valid lines, in file order.
	Jurys []model.Jury
	// Absents are the numbers of the session's juries that no line of the
	// file names: an import keeps them.
	Absents []string
	Ecrit   bool
}

func (r ImportJurysResult) String() string {
	s := fmt.Sprintf("jurys créés : %d, mis à jour : %d, lignes rejetées : %d", r.Crees, r.MisAJour, r.Rejetes)
	if len(r.Absents) > 0 {
		s += fmt.Sprintf(", jurys de la session absents du fichier (conservés) : %d", len(r.Absents))
	}
	return s
}

// ImportJurys matches the lines of a juries file, read by LireJurys, to
// the session x: the diploma by its code or its label (accents and case
// aside, « Bac pro » or « Baccalauréat professionnel »), the centre by its
// UAI or its name among the académie's schools (the commune or postcode
// telling homonyms apart), the dates within the session. A jury is
// updated by its number, or, when the file has none, by the number made
// from the diploma and its rank among the file's lines of that diploma,
// rejected lines counted (« CAP-BOUL-01 »). Nothing is written
// when a line is rejected unless o.SkipInvalid; the columns' choices are
// remembered in the same transaction.
func ImportJurys(ctx context.Context, s *store.Store, x model.SessionExamen, rap importer.RapportJurys, o ImportJurysOptions) (ImportJurysResult, error) {
	res := ImportJurysResult{Erreurs: slices.Clone(rap.Erreurs)}
	if err := importer.VerifierCorrespondance(o.Colonnes, importer.ChampsJurys()); err != nil {
		return res, model.Invalide("correspondance", err.Error())
	}
	existants, err := s.ListJurys(ctx, x.ID)
	if err != nil {
		return res, err
	}
	deja := map[string]bool{}
	for _, j := range existants {
		deja[j.Code] = true
	}
	centres := centresAcademie{s: s, academie: x.Academie}
	codes := numeroterJurys(rap)
	vus := map[string]int{}
	for _, l := range rap.Lignes {
		j := model.Jury{SessionID: x.ID, Code: l.Code, DemiJournees: l.DemiJournees, Sieges: l.Sieges, Employeurs: l.Employeurs,
			Salaries: l.Salaries, Enseignants: l.Enseignants, Conflits: l.Conflits}
		bad := func(champ, msg string) {
			res.Erreurs = append(res.Erreurs, importer.Erreur{Ligne: l.Numero, Colonne: l.Colonnes[champ], Message: msg})
		}
		n := len(res.Erreurs)
		d, champ, msg := diplomeDeLigne(l)
		if msg != "" {
			bad(champ, msg)
		}
		j.Specialite = d.Code
		if j.Code == "" {
			j.Code = codes[l.Numero]
		}
		e, champ, msg, err := centres.trouver(ctx, l)
		if err != nil {
			return res, err
		}
		if msg != "" {
			bad(champ, msg)
		}
		j.UAI, j.Centre = e.UAI, e.Nom
		j.Adresse = strings.Trim(e.Adresse+", "+strings.TrimSpace(e.CodePostal+" "+e.NomCommune), ", ")
		for _, h := range j.DemiJournees {
			if jour, _ := time.Parse(time.DateOnly, h[:10]); jour.Before(x.Debut) || jour.After(x.Fin) {
				bad(cmp.Or(l.Colonnes[importer.JuryDate], l.Colonnes[importer.JuryDemiJournees]),
					fmt.Sprintf("le %s est hors de la session (du %s au %s) : vérifiez la date ou la session choisie", model.Date(jour), model.Date(x.Debut), model.Date(x.Fin)))
				break
			}
		}
		if len(res.Erreurs) > n {
			continue
		}
		if prem, ok := vus[j.Code]; ok {
			bad(importer.JuryCode, fmt.Sprintf("jury « %s » déjà à la ligne %d : un numéro de jury par ligne", j.Code, prem))
			continue
		}
		vus[j.Code] = l.Numero
		if deja[j.Code] {
			res.MisAJour++
		} else {
			res.Crees++
		}
		res.Jurys = append(res.Jurys, j)
	}
	slices.SortStableFunc(res.Erreurs, func(a, b importer.Erreur) int { return cmp.Compare(a.Ligne, b.Ligne) })
	nommes := map[string]bool{}
	for _, l := range slices.Concat(rap.Lignes, rap.Rejetees) {
		nommes[cmp.Or(l.Code, codes[l.Numero])] = true
	}
	for _, j := range existants {
		if !nommes[j.Code] {
			res.Absents = append(res.Absents, j.Code)
		}
	}
	lignes := map[int]bool{}
	for _, e := range res.Erreurs {
		lignes[e.Ligne] = true
	}
	res.Rejetes = len(lignes)
	if o.DryRun || res.Rejetes > 0 && !o.SkipInvalid {
		return res, nil
	}
	err = s.InTx(ctx, func(tx *store.Store) error {
		for _, j := range res.Jurys {
			if _, err := tx.UpsertJury(ctx, j); err != nil {
				return err
			}
		}
		if len(o.Colonnes) > 0 {
			if err := tx.SaveCorrespondance(ctx, x.Academie, KindJurys, store.Correspondance(o.Colonnes), time.Now()); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, o.Actor.entree(store.AuditJury, "session", x.ID, x.Academie, "import de jurys : "+res.String()))
	})
	res.Ecrit = err == nil
	return res, err
}

// numeroterJurys numbers the lines without a jury number: the diploma and
// the line's rank among the file's lines of that diploma, the lines
// rejected by the reading counted too, so that importing the valid lines,
// then the corrected file, updates the juries already made instead of
// giving them another line's data.
func numeroterJurys(rap importer.RapportJurys) map[int]string {
	lignes := slices.Concat(rap.Lignes, rap.Rejetees)
	slices.SortFunc(lignes, func(a, b importer.LigneJury) int { return cmp.Compare(a.Numero, b.Numero) })
	codes := map[int]string{}
	numeros := map[string]int{}
	for _, l := range lignes {
		if d, _, msg := diplomeDeLigne(l); l.Code == "" && msg == "" {
			codes[l.Numero] = CodeJury(d, numeros)
		}
	}
	return codes
}

// diplomeDeLigne finds the diploma of a line: its code when it is one,
// else its label, with the type of diploma in front when a column gives it;
// a label alone (« Boulanger ») when one speciality only bears it. It
// returns the field of the message's column.
func diplomeDeLigne(l importer.LigneJury) (refdata.Diplome, string, string) {
	for _, v := range []string{l.CodeDiplome, l.Diplome} {
		if d, ok := refdata.DiplomeByCode(strings.TrimSpace(v)); ok {
			return d, "", ""
		}
	}
	libelle := strings.TrimSpace(l.TypeDiplome + " " + l.Diplome)
	if libelle != "" {
		if d, ok := refdata.DiplomeByCode(CodeSpecialite(libelle)); ok {
			return d, "", ""
		}
		var memes []refdata.Diplome
		k := cleDiplome(l.Diplome)
		for _, d := range refdata.Diplomes() {
			if cleDiplome(d.Intitule) == k && (l.TypeDiplome == "" || cleDiplome(d.Type) == cleDiplome(l.TypeDiplome)) {
				memes = append(memes, d)
			}
		}
		if len(memes) == 1 {
			return memes[0], "", ""
		}
		if len(memes) > 1 {
			var noms []string
			for _, d := range memes[:min(4, len(memes))] {
				noms = append(noms, d.Type+" "+d.Intitule+" ("+d.Code+")")
			}
			return refdata.Diplome{}, importer.JuryDiplome, fmt.Sprintf("diplôme « %s » ambigu : %s ; précisez le type de diplôme ou le code", l.Diplome, strings.Join(noms, ", "))
		}
	}
	if l.CodeDiplome != "" && libelle == "" {
		return refdata.Diplome{}, importer.JuryCodeDiplome, fmt.Sprintf("code diplôme « %s » inconnu : un code de spécialité à 8 chiffres (CFD), par exemple 50022137 pour le CAP Boulanger", l.CodeDiplome)
	}
	return refdata.Diplome{}, importer.JuryDiplome, fmt.Sprintf("diplôme « %s » inconnu : écrivez son libellé exact, par exemple « CAP Boulanger » ou « Bac pro Cuisine », ou son code à 8 chiffres", libelle)
}

// centresAcademie finds exam centres among the académie's schools, the
// list read once.
type centresAcademie struct {
	s        *store.Store
	academie string
	liste    []model.Etablissement
	lu       bool
}

// abreviationsCentre are the words the exam division's files shorten.
var abreviationsCentre = map[string]string{"lp": "lycee professionnel", "lgt": "lycee general et technologique", "lpo": "lycee polyvalent",
	"lyc": "lycee", "clg": "college", "prof": "professionnel", "st": "saint", "ste": "sainte", "gal": "general", "techno": "technologique"}

// cleCentre folds a school's name for comparison: accents, case,
// punctuation and the usual abbreviations (« LP », « LYC. PROF. », « STE ») aside.
func cleCentre(s string) string {
	mots := strings.FieldsFunc(model.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, m := range mots {
		if long, ok := abreviationsCentre[m]; ok {
			mots[i] = long
		}
	}
	return strings.Join(mots, " ")
}

// trouver returns the centre of a line: by its UAI, else by its name
// (and its commune or postcode among homonyms). A centre that is not
// found, or outside the académie, gives a message and its field.
func (c *centresAcademie) trouver(ctx context.Context, l importer.LigneJury) (model.Etablissement, string, string, error) {
	if l.UAI != "" {
		uai, ok := refdata.NormalizeUAI(l.UAI)
		if !ok {
			return model.Etablissement{}, importer.JuryUAI, fmt.Sprintf("UAI « %s » invalide : 7 chiffres et une lettre, par exemple 0310024H", l.UAI), nil
		}
		e, err := c.s.GetEtablissement(ctx, uai)
		switch {
		case errors.Is(err, store.ErrNotFound):
			return e, importer.JuryUAI, fmt.Sprintf("centre d'examen %s inconnu : aucun établissement de l'annuaire n'a cet UAI ; importez l'annuaire ou corrigez l'UAI", uai), nil
		case err != nil:
			return e, "", "", err
		case e.Academie != c.academie:
			return e, importer.JuryUAI, fmt.Sprintf("centre d'examen %s (%s) hors de l'académie", uai, e.Nom), nil
		}
		return e, "", "", nil
	}
	if !c.lu {
		var err error
		if c.liste, _, err = c.s.ListEtablissements(ctx, store.EtablissementFilter{Academie: c.academie, Limit: 100000}); err != nil {
			return model.Etablissement{}, "", "", err
		}
		c.lu = true
	}
	k := cleCentre(l.Centre)
	var memes []model.Etablissement
	for _, e := range c.liste {
		if cleCentre(e.Nom) == k {
			memes = append(memes, e)
		}
	}
	if len(memes) > 1 && (l.Commune != "" || l.CodePostal != "") {
		memes = slices.DeleteFunc(memes, func(e model.Etablissement) bool {
			return l.Commune != "" && model.Fold(e.NomCommune) != model.Fold(l.Commune) || l.CodePostal != "" && e.CodePostal != l.CodePostal
		})
	}
	switch len(memes) {
	case 1:
		return memes[0], "", "", nil
	case 0:
		noms := make([]string, len(c.liste))
		for i, e := range c.liste {
			noms[i] = e.Nom + " " + e.NomCommune
		}
		var proches []string
		for _, i := range importer.Proches(l.Centre+" "+l.Commune, noms, 3) {
			proches = append(proches, c.liste[i].Nom+" ("+c.liste[i].NomCommune+", "+c.liste[i].UAI+")")
		}
		msg := fmt.Sprintf("centre d'examen « %s » inconnu dans l'annuaire de l'académie : écrivez son nom exact ou ajoutez une colonne UAI", l.Centre)
		if len(proches) > 0 {
			msg += " ; noms proches : " + strings.Join(proches, ", ")
		}
		return model.Etablissement{}, importer.JuryCentre, msg, nil
	}
	var uais []string
	for _, e := range memes[:min(4, len(memes))] {
		uais = append(uais, e.UAI+" ("+e.NomCommune+")")
	}
	return model.Etablissement{}, importer.JuryCentre, fmt.Sprintf("%d établissements s'appellent « %s » : %s ; ajoutez la commune ou l'UAI", len(memes), l.Centre, strings.Join(uais, ", ")), nil
}

// CodeJury is « CAP-BOUL-01 »: the diploma, four letters of its title, a
// number in the order met (seen counts them).
func CodeJury(d refdata.Diplome, seen map[string]int) string {
	typ := strings.ReplaceAll(d.Type, " ", "")
	abbr := ""
	for _, w := range strings.Fields(strings.ToUpper(model.Fold(d.Intitule))) {
		w = strings.Map(func(r rune) rune {
			if r >= 'A' && r <= 'Z' {
				return r
			}
			return -1
		}, w)
		if len(w) >= 4 {
			abbr = w[:4]
			break
		}
	}
	if abbr == "" {
		abbr = d.Code[len(d.Code)-3:]
	}
	prefix := typ + "-" + abbr
	seen[prefix]++
	return fmt.Sprintf("%s-%02d", prefix, seen[prefix])
}
