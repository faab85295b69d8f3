package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"cee/internal/match"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

type parametresData struct {
	P         model.Parametres
	V         url.Values
	Errs      map[string]string
	Academies []refdata.Academie // for an admin, who chooses the académie
	// Conservation are the retention periods, saved by their own form
	// (handleConservationSave).
	Conservation model.Conservation
}

// parametresAcademie is the académie whose settings are shown: the
// pilote's own; for an admin, the one chosen in the form.
func parametresAcademie(r *http.Request) (string, bool) {
	u := currentUser(r)
	if a := u.P.H.Academie; a != "" {
		return a, true
	}
	a := r.FormValue("academie")
	_, ok := refdata.AcademieByCode(a)
	return a, ok
}

// handleParametres shows the académie's rules for mandates and conventions.
func (s *Server) handleParametres(w http.ResponseWriter, r *http.Request) error {
	d := parametresData{V: url.Values{}, Errs: map[string]string{}}
	a, ok := parametresAcademie(r)
	if currentUser(r).P.H.Academie == "" {
		d.Academies = refdata.Academies()
	}
	if ok {
		p, err := s.store.GetParametres(r.Context(), a)
		if err != nil {
			return err
		}
		d.P, d.V = p, parametresValues(p)
		if d.Conservation, err = s.store.GetConservation(r.Context(), a); err != nil {
			return err
		}
	}
	return render(w, r, http.StatusOK, parametresPage(s.layout(r, "Paramètres de l'académie"), d))
}

func parametresValues(p model.Parametres) url.Values {
	v := url.Values{"academie": {p.Academie}, "duree_mandat": {strconv.Itoa(p.Mandat.DureeMois)},
		"duree_convention": {strconv.Itoa(p.DureeConventionMois)}, "delai_reponse": {strconv.Itoa(p.DelaiReponseJours)},
		"sans_convention": {string(p.SansConvention)}}
	if c := p.Mandat.RenouvellementCollectif; c != nil {
		v.Set("collectif", c.Format("2006-01-02"))
	}
	if p.ValidationDemandes {
		v.Add("demandes", "validation")
	}
	if p.DemandeurSollicite {
		v.Add("demandes", "demandeur")
	}
	v.Set("distance_personne", strconv.Itoa(p.DistancePersonneKm))
	v.Set("plafond_professionnel", strconv.Itoa(p.PlafondProfessionnel))
	for _, t := range model.TypesDemande() {
		v.Set("distance_"+string(t), strconv.Itoa(p.DistanceType(t)))
	}
	w := workflow.PoidsOf(p)
	for _, f := range poidsFields(&w) {
		v.Set("poids_"+f.name, strconv.FormatFloat(*f.dst, 'f', -1, 64))
	}
	return v
}

type poidsField struct {
	name, label string
	dst         *float64
}

// poidsFields are the matching weights as form fields.
func poidsFields(w *match.Poids) []poidsField {
	return []poidsField{{"secteur", "Secteur d'activité", &w.Secteur}, {"famille", "Famille de métiers", &w.Famille},
		{"metier", "Métier", &w.Metier}, {"specialite", "Spécialité de diplôme", &w.Specialite}, {"distance", "Proximité", &w.Distance},
		{"disponibilite", "Disponibilité", &w.Disponibilite}, {"charge", "Charge du mois", &w.Charge}, {"equite", "Équité sur l'année", &w.Equite},
		{"reactivite", "Taux de réponse", &w.Reactivite}, {"satisfaction", "Avis des établissements", &w.Satisfaction},
		{"demi_distance", "Distance (km) à laquelle la proximité vaut la moitié", &w.DemiDistanceKm}}
}

func (s *Server) handleParametresSave(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	r.ParseForm()
	d := parametresData{V: r.PostForm, Errs: map[string]string{}}
	if u.P.H.Academie == "" {
		d.Academies = refdata.Academies()
	}
	a, ok := parametresAcademie(r)
	if !ok {
		d.Errs["academie"] = "Choisissez une académie."
	}
	p := model.ParametresParDefaut(a)
	months := func(field, label string, lo, hi int) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(field)))
		if err != nil || n < lo || n > hi {
			d.Errs[field] = fmt.Sprintf("%s : un nombre de mois entre %d et %d.", label, lo, hi)
		}
		return n
	}
	p.Mandat.DureeMois = months("duree_mandat", "Durée du mandat", 6, 120)
	p.DureeConventionMois = months("duree_convention", "Durée des conventions", 6, 120)
	switch sc := model.SansConvention(r.PostFormValue("sans_convention")); sc {
	case model.SansConventionBloquer, model.SansConventionAvertir:
		p.SansConvention = sc
	case "":
		// An older form without the field: the default stays.
	default:
		d.Errs["sans_convention"] = "Choisissez : bloquer, ou avertir et désigner sur dérogation."
	}
	if strings.TrimSpace(r.PostFormValue("delai_reponse")) != "" {
		p.DelaiReponseJours = months("delai_reponse", "Délai de réponse", 2, 60)
		if d.Errs["delai_reponse"] != "" {
			d.Errs["delai_reponse"] = "Délai de réponse : un nombre de jours entre 2 et 60."
		}
	}
	km := func(field string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(field)))
		if msg := model.ErreurDistanceSaisie(n); err != nil || msg != "" {
			d.Errs[field] = model.ErreurDistanceSaisie(-1)
		}
		return n
	}
	if strings.TrimSpace(r.PostFormValue("distance_personne")) != "" {
		p.DistancePersonneKm = km("distance_personne")
	}
	if x := strings.TrimSpace(r.PostFormValue("plafond_professionnel")); x != "" {
		n, err := strconv.Atoi(x)
		if err != nil || n < 1 || n > model.MaxPlafondMois {
			d.Errs["plafond_professionnel"] = fmt.Sprintf("Sollicitations par mois : de 1 à %d.", model.MaxPlafondMois)
		}
		p.PlafondProfessionnel = n
	}
	for _, t := range model.TypesDemande() {
		if strings.TrimSpace(r.PostFormValue("distance_"+string(t))) == "" {
			continue // the default of the type
		}
		if n := km("distance_" + string(t)); n != model.DistancesParDefaut()[t] {
			if p.DistancesTypes == nil {
				p.DistancesTypes = map[model.TypeDemande]int{}
			}
			p.DistancesTypes[t] = n
		}
	}
	p.ValidationDemandes = slices.Contains(r.PostForm["demandes"], "validation")
	p.DemandeurSollicite = slices.Contains(r.PostForm["demandes"], "demandeur")
	poids := match.PoidsParDefaut()
	for _, f := range poidsFields(&poids) {
		typed := strings.TrimSpace(r.PostFormValue("poids_" + f.name))
		if typed == "" {
			continue // empty: the default weight
		}
		x, err := strconv.ParseFloat(strings.ReplaceAll(typed, ",", "."), 64)
		if err != nil || x < 0 || x > 1000 {
			d.Errs["poids_"+f.name] = "Un nombre positif, par exemple 10."
		}
		*f.dst = x
	}
	if err := poids.Valider(); err != nil && len(d.Errs) == 0 {
		d.Errs["poids_secteur"] = "Pondération invalide : " + err.Error()
	}
	p.Poids, _ = json.Marshal(poids)
	if c := strings.TrimSpace(r.PostFormValue("collectif")); c != "" {
		t, err := time.Parse("2006-01-02", c)
		if err != nil {
			d.Errs["collectif"] = "Date invalide : format attendu JJ/MM/AAAA."
		}
		p.Mandat.RenouvellementCollectif = &t
	}
	if len(d.Errs) > 0 {
		if ok {
			// The retention form beside this one keeps showing what is saved.
			var err error
			if d.Conservation, err = s.store.GetConservation(r.Context(), a); err != nil {
				return err
			}
		}
		return render(w, r, http.StatusUnprocessableEntity, parametresPage(s.layout(r, "Paramètres de l'académie"), d))
	}
	err := workflow.EnregistrerParametres(r.Context(), s.store, s.actor(r), p)

	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Paramètres enregistrés", "Ils s'appliquent aux prochaines désignations et conventions.")
	http.Redirect(w, r, "/parametres?academie="+url.QueryEscape(a), http.StatusSeeOther)
	return nil
}

// sansConventionRadios is the setting for a designation without a
// convention in force.
func sansConventionRadios(v, errMsg string) ui.RadioGroupParams {
	p := ui.RadioGroupParams{ID: "param-sans-convention", Name: "sans_convention", Legend: "Désignation sans convention en vigueur",
		Hint: "Quand l'organisation qui propose n'a pas de convention signée en vigueur au début du mandat (D.331-66).", Value: v, Error: errMsg}
	for _, o := range []model.SansConvention{model.SansConventionAvertir, model.SansConventionBloquer} {
		p.Options = append(p.Options, ui.Option{Value: string(o), Label: o.Label()})
	}
	return p
}
