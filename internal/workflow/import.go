package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"cee/internal/importer"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// ImportOptions drive an import of a register of CEE.
type ImportOptions struct {
	Academie    string
	DryRun      bool // count only, write nothing
	SkipInvalid bool // write the valid lines even when others are rejected
	Actor       Actor
	// Choix are the person's choices: the columns (remembered for the
	// académie when the import is written) and what to do of each
	// organisation the file names that does not exist.
	Choix importer.Choix
}

// KindConseillers is the kind of import of a register of CEE, under which
// its column mapping is remembered.
const KindConseillers = "conseillers"

// OrganisationInconnue is an organisation the file names that matches none
// of the académie: it is never created without the person's choice.
type OrganisationInconnue struct {
	Nom     string               // as written in the file
	Lignes  int                  // how many lines name it
	Proches []model.Organisation // the académie's closest names, the closest first
	Choix   string               // an organisation's id, importer.ChoixCreer, or "" (no choice yet)
}

// ImportResult counts what an import did (or would do, for a dry run).
type ImportResult struct {
	Importes, MisAJour, Inchanges, Rejetes int
	Erreurs                                []importer.Erreur
	Ecrit                                  bool // false: nothing was written (dry run, rejected lines, or a choice missing)
	// Organisations are the unknown organisations, in file order; while one
	// has no choice, nothing is written.
	Organisations []OrganisationInconnue
	// Avertissements flag lines that are imported but look wrong: a commune
	// outside the académie.
	Avertissements []importer.Erreur
}

// ChoixManquants counts the unknown organisations without a choice.
func (r ImportResult) ChoixManquants() int {
	n := 0
	for _, o := range r.Organisations {
		if o.Choix == "" {
			n++
		}
	}
	return n
}

// LireRegistre reads a register with the académie's remembered column
// mapping, overlaid by the person's choice of now (choix): the one way the
// web and the command line read a register.
func LireRegistre(ctx context.Context, s *store.Store, academie, name string, data []byte, choix importer.Correspondance) (importer.Rapport, error) {
	corr, err := correspondanceRetenue(ctx, s, academie, KindConseillers, choix)
	if err != nil {
		return importer.Rapport{}, err
	}
	return importer.LireAvec(name, data, corr)
}

func (r ImportResult) String() string {
	return fmt.Sprintf("importés: %d, mis à jour: %d, inchangés: %d, rejetés: %d", r.Importes, r.MisAJour, r.Inchanges, r.Rejetes)
}

var errRollback = errors.New("annulé")

// ImportConseillers writes the valid lines of a read register, matching
// profiles on e-mail, in one transaction: by default nothing is written when
// any line was rejected; re-importing the same file changes nothing.
func ImportConseillers(ctx context.Context, s *store.Store, rap importer.Rapport, o ImportOptions) (ImportResult, error) {
	res := ImportResult{Rejetes: rejectedLines(rap.Erreurs), Erreurs: rap.Erreurs}
	if _, ok := refdata.AcademieByCode(o.Academie); !ok {
		return res, model.Invalide("academie", fmt.Sprintf("académie %q inconnue : indiquez son code, par exemple 16 pour Toulouse", o.Academie))
	}
	if err := importer.VerifierCorrespondance(o.Choix.Colonnes, importer.ChampsConseillers()); err != nil {
		return res, model.Invalide("correspondance", err.Error())
	}
	write := !o.DryRun && (res.Rejetes == 0 || o.SkipInvalid)
	err := s.InTx(ctx, func(tx *store.Store) error {
		orgs, err := tx.ListOrganisations(ctx, o.Academie)
		if err != nil {
			return err
		}
		inconnues := map[string]int{} // folded name → index in res.Organisations
		for _, l := range rap.Lignes {
			c := conseillerOf(l, o.Academie)
			if d, ok := refdata.DepartementByCode(c.Departement); ok && d.Academie != o.Academie {
				col := rap.Colonnes["Commune"]
				if col == "" {
					col = rap.Colonnes["CodePostal"]
				}
				res.Avertissements = append(res.Avertissements, importer.Erreur{Ligne: l.Numero, Colonne: col,
					Message: fmt.Sprintf("commune %s (%s) hors de l'académie %s : vérifiez le code postal, ou l'académie du registre",
						strings.TrimSpace(c.NomCommune+" "+l.CodePostal), LibelleDepartement(d.Code), DeAcademie(o.Academie))})
			}
			if c.OrganisationID, err = organisationOf(ctx, tx, &orgs, l.Organisation, o, &res, inconnues); err != nil {
				return err
			}
			prev, found, err := conseillerByEmail(ctx, tx, c.Email)
			if err != nil {
				return err
			}
			if found {
				c = keepProfile(prev, c)
			}
			if found && sameProfile(prev, c) && sameMandate(ctx, tx, prev.ID, l) {
				res.Inchanges++
				continue
			}
			id, created, err := tx.SaveConseiller(ctx, c)
			if err != nil {
				return err
			}
			if created {
				res.Importes++
			} else {
				res.MisAJour++
			}
			if err := importMandate(ctx, tx, id, c, l); err != nil {
				return err
			}
		}
		if res.ChoixManquants() > 0 {
			// An organisation is never created silently: nothing is
			// written until each unknown one is matched or created.
			write = false
		}
		if !write {
			return errRollback
		}
		if len(o.Choix.Colonnes) > 0 {
			if err := tx.SaveCorrespondance(ctx, o.Academie, KindConseillers, store.Correspondance(o.Choix.Colonnes), time.Now()); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, store.Entree{CompteID: o.Actor.Compte.ID, Email: o.Actor.Compte.Email, Role: string(o.Actor.P.H.Role), IP: o.Actor.IP,
			Action: store.AuditImport, ObjetType: "conseillers", Academie: o.Academie, Detail: res.String()})
	})
	if errors.Is(err, errRollback) {
		err = nil
	}
	res.Ecrit = write && err == nil
	return res, err
}

func rejectedLines(errs []importer.Erreur) int {
	seen := map[int]bool{}
	for _, e := range errs {
		if e.Ligne > 0 {
			seen[e.Ligne] = true
		}
	}
	return len(seen)
}

func conseillerOf(l importer.Ligne, academie string) model.Conseiller {
	c := model.Conseiller{Academie: academie, Civilite: l.Civilite, Nom: l.Nom, Prenom: l.Prenom, Email: l.Email, Telephone: l.Telephone,
		Employeur: l.Entreprise, SIRET: l.SIRET, StatutPro: model.StatutPro(l.Statut), CodeNAF: l.CodeNAF, Secteur: l.Secteur,
		Departement: l.Departement}
	for _, sp := range l.Specialites {
		c.Specialites = append(c.Specialites, CodeSpecialite(sp))
	}
	for _, cm := range refdata.CommunesOfCodePostal(l.CodePostal) {
		if model.Fold(cm.Nom) == model.Fold(l.Commune) || l.Commune == "" {
			c.CodeCommune, c.NomCommune, c.Departement = cm.CodeINSEE, cm.Nom, cm.Departement
			break
		}
	}
	if c.NomCommune == "" {
		c.NomCommune = l.Commune
	}
	return c
}

// organisationOf finds the organisation by its name in the académie. A
// name matching none is listed in res with the closest names, and follows
// the person's choice: an organisation of the académie, or its creation
// (type « autre », to be completed by the pilote); without a choice, the
// line gets no organisation and nothing will be written (ImportConseillers).
func organisationOf(ctx context.Context, tx *store.Store, orgs *[]model.Organisation, name string, opt ImportOptions, res *ImportResult, inconnues map[string]int) (int64, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, nil
	}
	for _, o := range *orgs {
		if model.Fold(o.Nom) == model.Fold(name) {
			return o.ID, nil
		}
	}
	cle := model.Fold(name)
	i, vu := inconnues[cle]
	if !vu {
		inc := OrganisationInconnue{Nom: name, Choix: opt.Choix.Organisations[cle]}
		noms := make([]string, len(*orgs))
		for k, o := range *orgs {
			noms[k] = o.Nom
		}
		for _, k := range importer.Proches(name, noms, 3) {
			inc.Proches = append(inc.Proches, (*orgs)[k])
		}
		res.Organisations = append(res.Organisations, inc)
		i = len(res.Organisations) - 1
		inconnues[cle] = i
	}
	inc := &res.Organisations[i]
	inc.Lignes++
	switch inc.Choix {
	case "":
		return 0, nil
	case importer.ChoixCreer:
		if vu {
			// Created on its first line: found by name above since.
			return 0, fmt.Errorf("organisation %q créée puis introuvable", name)
		}
		o := model.Organisation{Nom: name, Type: model.OrgAutre, Niveau: "regional", Academies: []string{opt.Academie}}
		id, err := tx.CreateOrganisation(ctx, o)
		o.ID = id
		*orgs = append(*orgs, o)
		return id, err
	}
	for _, o := range *orgs {
		if fmt.Sprint(o.ID) == inc.Choix {
			return o.ID, nil
		}
	}
	return 0, model.Invalide("organisation", fmt.Sprintf("« %s » : l'organisation n° %s choisie n'est pas une organisation de l'académie %s", name, inc.Choix, DeAcademie(opt.Academie)))
}

func conseillerByEmail(ctx context.Context, tx *store.Store, email string) (model.Conseiller, bool, error) {
	list, _, err := tx.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}, Email: email, Limit: 1})
	if err != nil || len(list) == 0 {
		return model.Conseiller{}, false, err
	}
	return list[0], true, nil
}

// specialitesParIntitule maps a folded « type intitulé » (« cap boulanger »)
// to its CFD, open specialities winning over closed ones of the same title.
var specialitesParIntitule = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, d := range refdata.Diplomes() {
		k := cleDiplome(d.Type + " " + d.Intitule)
		if _, seen := m[k]; !seen || d.Ouvert {
			m[k] = d.Code
		}
	}
	return m
})

// Long names of diplomas as registers spell them, folded.
var typesDiplome = strings.NewReplacer("baccalaureat professionnel", "bac pro", "brevet de technicien superieur", "bts",
	"certificat d aptitude professionnelle", "cap", "brevet professionnel", "bp", "mention complementaire", "mc")

// cleDiplome folds a diploma's name for comparison: accents, case,
// apostrophes, hyphens and the long names of the types aside.
func cleDiplome(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\'' || r == '’' || r == '-' || r == '–' {
			return ' '
		}
		return r
	}, model.Fold(s))
	return strings.Join(strings.Fields(typesDiplome.Replace(s+" ")), " ")
}

// CodeSpecialite turns a speciality as a register writes it (« CAP
// Boulanger », « Bac pro Métiers de l'électricité… ») into its diploma code
// when one matches exactly; otherwise the text is kept as written, and the
// pilote can correct it on the profile.
func CodeSpecialite(s string) string {
	s = strings.TrimSpace(s)
	if _, ok := refdata.DiplomeByCode(s); ok {
		return s
	}
	if code, ok := specialitesParIntitule()[cleDiplome(s)]; ok {
		return code
	}
	return s
}

// keepProfile carries over what a register does not hold — what the CEE
// completed themselves — so that re-importing never erases it.
func keepProfile(prev, c model.Conseiller) model.Conseiller {
	c.Territoire, c.Familles, c.Metiers, c.Langues = prev.Territoire, prev.Familles, prev.Metiers, prev.Langues
	c.Dispo, c.TelephoneMasque, c.EnPause = prev.Dispo, prev.TelephoneMasque, prev.EnPause
	if len(c.Specialites) == 0 {
		c.Specialites = prev.Specialites
	}
	if c.CodeCommune == "" {
		c.CodeCommune, c.NomCommune, c.Departement = prev.CodeCommune, prev.NomCommune, prev.Departement
	}
	return c
}

func sameProfile(a, b model.Conseiller) bool {
	return a.Academie == b.Academie && a.Civilite == b.Civilite && a.Nom == b.Nom && a.Prenom == b.Prenom &&
		a.Telephone == b.Telephone && a.Employeur == b.Employeur && a.SIRET == b.SIRET && a.StatutPro == b.StatutPro &&
		a.CodeNAF == b.CodeNAF && a.Secteur == b.Secteur && a.CodeCommune == b.CodeCommune && a.NomCommune == b.NomCommune &&
		a.Departement == b.Departement && slices.Equal(a.Specialites, b.Specialites) &&
		(b.OrganisationID == 0 || a.OrganisationID == b.OrganisationID)
}

// mandateOf is the designation a register line describes, if it gives a
// start date.
func mandateOf(id int64, c model.Conseiller, l importer.Ligne) (model.Designation, bool) {
	if l.DebutMandat.IsZero() {
		return model.Designation{}, false
	}
	debut := l.DebutMandat
	fin := l.FinMandat
	if fin.IsZero() {
		fin = debut.AddDate(0, model.DefaultMandat.DureeMois, -1)
	}
	d := model.Designation{ConseillerID: id, OrganisationID: c.OrganisationID, Academie: c.Academie, Debut: &debut, Fin: &fin,
		DateArrete: &debut, Mission: "Reprise du registre de l'académie"}
	now := time.Now()
	switch {
	case debut.After(now):
		d.Etat = model.DesignationDesignee
	case fin.Before(now):
		d.Etat, d.MotifFin = model.DesignationTerminee, model.FinTerme
	default:
		d.Etat = model.DesignationActive
	}
	return d, true
}

func sameMandate(ctx context.Context, tx *store.Store, id int64, l importer.Ligne) bool {
	want, ok := mandateOf(id, model.Conseiller{}, l)
	cur, err := tx.CurrentDesignation(ctx, id)
	if !ok {
		return true // the line says nothing of the mandate
	}
	return err == nil && cur.Debut != nil && cur.Fin != nil && cur.Debut.Equal(*want.Debut) && cur.Fin.Equal(*want.Fin)
}

func importMandate(ctx context.Context, tx *store.Store, id int64, c model.Conseiller, l importer.Ligne) error {
	d, ok := mandateOf(id, c, l)
	if !ok || sameMandate(ctx, tx, id, l) {
		return nil
	}
	_, err := tx.CreateDesignation(ctx, d)
	return err
}

// GarderTeleversement keeps an uploaded register between its preview and
// its confirmation, for the account that uploaded it; it returns its id.
func GarderTeleversement(ctx context.Context, s *store.Store, t store.Televersement) (int64, error) {
	return s.SaveTeleversement(ctx, t)
}

// ReprendreTeleversement takes back, once, the register account compteID
// uploaded for its confirmation: store.ErrNotFound when it was already
// confirmed or has expired.
func ReprendreTeleversement(ctx context.Context, s *store.Store, id, compteID int64) (store.Televersement, error) {
	return s.TakeTeleversement(ctx, id, compteID)
}
