package workflow

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
)

// Vue is which dashboard a role gets (policy.Vue): the web page and the
// API's indicators read the same figures through it.
type Vue = policy.Vue

// The dashboards.
const (
	VueAucune        = policy.VueAucune
	VueNationale     = policy.VueNationale
	VueAcademie      = policy.VueAcademie
	VueOrganisation  = policy.VueOrganisation
	VueConseiller    = policy.VueConseiller
	VueEtablissement = policy.VueEtablissement
	VueExamens       = policy.VueExamens
	VueTerritoire    = policy.VueTerritoire
)

// VueOf is the dashboard of p's active role.
func VueOf(p model.Principal) Vue { return policy.VueOf(p) }

// ErrPasDeTableau is the answer for a role without a dashboard.
var ErrPasDeTableau = errors.New("pas de tableau de bord pour ce rôle")

// PremiereAnnee is the first school year the dashboards offer.
const PremiereAnnee = model.AnneeScolaire(2020)

// Annees are the school years a dashboard or a bilan offers at now: the
// current one and the four before, newest first.
func Annees(now time.Time) []model.AnneeScolaire {
	cur := model.AnneeScolaireOf(now)
	var out []model.AnneeScolaire
	for a := cur; a >= max(PremiereAnnee, cur-4); a-- {
		out = append(out, a)
	}
	return out
}

// LireAnnee reads a school year typed in a form or a query (« 2026 » for
// 2026-2027); it must be one of Annees.
func LireAnnee(v string, now time.Time) (model.AnneeScolaire, error) {
	n, err := strconv.Atoi(v)
	if err != nil || model.AnneeScolaire(n) < PremiereAnnee || model.AnneeScolaire(n) > model.AnneeScolaireOf(now) {
		return 0, ErreurFiltre{Champ: "annee", Message: fmt.Sprintf("année %q invalide : l'année de rentrée, de %d à l'année en cours", v, PremiereAnnee)}
	}
	return model.AnneeScolaire(n), nil
}

// Tableau is a dashboard's filter: the person's scope, narrowed by the
// query, never widened.
type Tableau struct {
	Vue       Vue
	F         store.IndicateurFilter
	Perimetre string // « Académie de Toulouse », « National »…
}

var (
	codeDepartement = regexp.MustCompile(`^[0-9][0-9AB][0-9]?$`)
	codeSection     = regexp.MustCompile(`^[A-U]$`)
)

// FiltreTableau builds the indicators' filter of p from their scope first,
// then from q (annee, academie, departement, organisation, secteur): the
// web dashboard's form and the API's parameters are the same.
func FiltreTableau(ctx context.Context, s *store.Store, p model.Principal, q url.Values, now time.Time) (Tableau, error) {
	t := Tableau{Vue: VueOf(p)}
	if t.Vue == VueAucune {
		return t, ErrPasDeTableau
	}
	t.F = store.IndicateurFilter{Annee: model.AnneeScolaireOf(now), Now: now}
	if v := q.Get("annee"); v != "" {
		a, err := LireAnnee(v, now)
		if err != nil {
			return t, err
		}
		t.F.Annee = a
	}
	if err := lirePeriode(&t.F, q, now); err != nil {
		return t, err
	}
	ref := func(what string) (int64, error) {
		id, err := strconv.ParseInt(p.H.Ref, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s %q de l'habilitation illisible", what, p.H.Ref)
		}
		return id, nil
	}
	switch t.Vue {
	case VueNationale:
		t.Perimetre = "National"
		if a := q.Get("academie"); a != "" {
			if _, ok := refdata.AcademieByCode(a); !ok {
				return t, ErreurFiltre{Champ: "academie", Message: fmt.Sprintf("académie %q inconnue", a)}
			}
			t.F.Academie = a
		}
	case VueAcademie, VueExamens:
		t.F.Academie = p.H.Academie
	case VueOrganisation:
		id, err := ref("organisation")
		if err != nil {
			return t, err
		}
		if _, tete := policy.TeteReseauDe(p); tete {
			// A tête de réseau: its members' CEE in every académie.
			t.F.Reseau = id
		} else {
			t.F.Academie, t.F.OrganisationID = p.H.Academie, id
		}
		if o, err := s.GetOrganisation(ctx, id); err == nil {
			t.Perimetre = o.Nom
		}
	case VueConseiller:
		id, err := ref("conseiller")
		if err != nil {
			return t, err
		}
		t.F.ConseillerID = id
		t.Perimetre = "Mon activité"
		return t, nil
	case VueEtablissement:
		t.F.UAI = p.H.Ref
		t.Perimetre = "Établissement " + p.H.Ref
		if e, err := s.GetEtablissement(ctx, p.H.Ref); err == nil {
			t.Perimetre = e.Nom
		}
		return t, nil
	case VueTerritoire:
		if err := filtreTerritoire(&t, policy.ScopeOf(p), q); err != nil {
			return t, err
		}
	}
	if t.F.Academie != "" && t.Vue != VueOrganisation && t.Vue != VueTerritoire {
		t.Perimetre = "Académie " + DeAcademie(t.F.Academie)
	}
	if d := q.Get("departement"); d != "" && t.Vue != VueTerritoire {
		if !codeDepartement.MatchString(d) || (t.F.Academie != "" && !slices.ContainsFunc(refdata.DepartementsOfAcademie(t.F.Academie), func(x refdata.Departement) bool { return x.Code == d })) {
			return t, ErreurFiltre{Champ: "departement", Message: fmt.Sprintf("département %q hors du périmètre", d)}
		}
		t.F.Departement = d
	}
	if o := q.Get("organisation"); o != "" && t.Vue != VueOrganisation {
		id, err := strconv.ParseInt(o, 10, 64)
		if err != nil || id < 1 {
			return t, ErreurFiltre{Champ: "organisation", Message: fmt.Sprintf("organisation %q invalide", o)}
		}
		t.F.OrganisationID = id
	}
	if sec := q.Get("secteur"); sec != "" {
		if !codeSection.MatchString(sec) {
			return t, ErreurFiltre{Champ: "secteur", Message: fmt.Sprintf("secteur %q invalide : une section NAF, de A à U", sec)}
		}
		t.F.SectionNAF = sec
	}
	return t, nil
}

// lirePeriode reads a period (du, au: days, au included) that replaces the
// school year's bounds (store.IndicateurFilter.Du): the coverage is asked
// over any period. One bound alone takes the other from the school year.
func lirePeriode(f *store.IndicateurFilter, q url.Values, now time.Time) error {
	du, au := strings.TrimSpace(q.Get("du")), strings.TrimSpace(q.Get("au"))
	if du == "" && au == "" {
		return nil
	}
	jour := func(champ, v string) (time.Time, error) {
		d, err := time.ParseInLocation(time.DateOnly, v, model.Paris)
		if err != nil {
			return d, ErreurFiltre{Champ: champ, Message: fmt.Sprintf("date %q illisible : écrivez-la jj/mm/aaaa ou choisissez-la dans le calendrier", v)}
		}
		return d, nil
	}
	f.Du, f.Au = f.Annee.Debut(), f.Annee.Fin()
	if du != "" {
		d, err := jour("du", du)
		if err != nil {
			return err
		}
		f.Du = d
	}
	if au != "" {
		d, err := jour("au", au)
		if err != nil {
			return err
		}
		f.Au = d.AddDate(0, 0, 1) // the last day included
	}
	if !f.Du.Before(f.Au) {
		return ErreurFiltre{Champ: "au", Message: "la fin de la période précède son début : choisissez une date de fin après la date de début"}
	}
	if f.Du.After(now) {
		return ErreurFiltre{Champ: "du", Message: "la période commence après aujourd'hui : choisissez une date de début passée"}
	}
	return nil
}

// filtreTerritoire sets the territory of a département's or a région
// académique's reader (sc) on t, narrowed by q: a département's reader is
// held to their département; a région's reader sees its académies, or one
// of them (academie), or one of its départements (departement).
func filtreTerritoire(t *Tableau, sc model.Scope, q url.Values) error {
	horsPerimetre := func(champ, v string) error {
		return ErreurFiltre{Champ: champ, Message: fmt.Sprintf("%s %q hors du périmètre", map[string]string{"academie": "académie", "departement": "département"}[champ], v)}
	}
	switch {
	case sc.Departement != "":
		d, ok := refdata.DepartementByCode(sc.Departement)
		if !ok {
			return fmt.Errorf("département %q de l'habilitation inconnu", sc.Departement)
		}
		if v := q.Get("departement"); v != "" && v != d.Code {
			return horsPerimetre("departement", v)
		}
		if v := q.Get("academie"); v != "" && v != d.Academie {
			return horsPerimetre("academie", v)
		}
		t.F.Academie, t.F.Departement = d.Academie, d.Code
		t.Perimetre = "Département " + LibelleDepartement(d.Code)
	case sc.Region != "":
		acads := refdata.AcademiesOfRegion(sc.Region)
		if len(acads) == 0 {
			return fmt.Errorf("région académique %q de l'habilitation inconnue", sc.Region)
		}
		t.F.Academies = acads
		t.Perimetre = "Région académique " + sc.Region
		if v := q.Get("academie"); v != "" {
			if !slices.Contains(acads, v) {
				return horsPerimetre("academie", v)
			}
			t.F.Academie = v
			t.Perimetre += ", académie " + DeAcademie(v)
		}
		if v := q.Get("departement"); v != "" {
			d, ok := refdata.DepartementByCode(v)
			if !ok || !slices.Contains(acads, d.Academie) || (t.F.Academie != "" && d.Academie != t.F.Academie) {
				return horsPerimetre("departement", v)
			}
			t.F.Departement = d.Code
		}
	default:
		return errors.New("habilitation territoriale sans territoire")
	}
	return nil
}

// DeAcademie is « de Toulouse », « d'Amiens ».
func DeAcademie(code string) string {
	nom := code
	if a, ok := refdata.AcademieByCode(code); ok {
		nom = a.Nom
	}
	if nom != "" && strings.ContainsRune("AEIOUÉÈaeiou", []rune(nom)[0]) {
		return "d'" + nom
	}
	return "de " + nom
}

// Which figures and charts each dashboard shows; the network's views show
// them all.
var (
	chiffresConseiller    = []string{model.IndActions, model.IndHeures, model.IndEleves, model.IndReponses, model.IndDemandesEtat, model.IndDelaiReponse, model.IndAvenir, model.IndExpertise}
	chiffresEtablissement = []string{model.IndDemandesEtat, model.IndDelaiReponse, model.IndTauxPourvues, model.IndTauxExpirees, model.IndActions, model.IndEleves, model.IndNoteMoyenne,
		model.IndPlacesStage, model.IndAvenir}
	seriesDemandesSeules = []string{model.IndDemandesEtat, model.IndDemandesType, model.IndPlacesStage, model.IndAvenirNiveau}
	chiffresJurys        = []string{model.IndSiegesJurys, model.IndJurysEquilibres, model.IndCollegesJurys}
	seriesJurys          = []string{model.IndSiegesSession, model.IndSiegesDiplome, model.IndCollegesJurys}
)

// ChiffresDe are the key figures the dashboard v shows, in its order.
func (r Rapport) ChiffresDe(v Vue) []Chiffre {
	cs := r.Chiffres()
	var keep []string
	switch v {
	case VueConseiller:
		keep = chiffresConseiller
	case VueEtablissement:
		keep = chiffresEtablissement
	case VueExamens:
		keep = chiffresJurys
	default:
		return cs
	}
	var out []Chiffre
	for _, k := range keep {
		for _, c := range cs {
			if c.Code == k {
				out = append(out, c)
			}
		}
	}
	return out
}

// SeriesDe are the charts the dashboard v shows.
func (r Rapport) SeriesDe(v Vue) []Serie {
	ss := r.Series()
	if v.Reseau() {
		return ss
	}
	keep := seriesDemandesSeules
	if v == VueExamens {
		keep = seriesJurys
	}
	var out []Serie
	for _, s := range ss {
		if slices.Contains(keep, s.Code) {
			out = append(out, s)
		}
	}
	return out
}
