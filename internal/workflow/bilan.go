package workflow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"cee/internal/export"
	"cee/internal/job"
	"cee/internal/model"
	"cee/internal/pdf"
	"cee/internal/refdata"
	"cee/internal/store"
)

// Rapport is every indicator computed for one filter: what a dashboard
// shows and what an annual bilan prints.
type Rapport struct {
	F          store.IndicateurFilter
	CEE        store.CEEActifs
	Demandes   store.Demandes
	Activite   store.ActiviteCEE
	Couverture store.Couverture
	Charge     store.Charge
	Jurys      store.Jurys
	Stages     store.Stages
	Avenir     store.Avenir
	Expertise  store.Expertises
	// Unites are the figures of the académie's units, for an académie's
	// bilan (ProduireBilan reads them; the dashboards do not).
	Unites []store.ChiffresUnite
}

// groupes are groups of indicators, computed together.
type groupes uint16

const (
	groupeDelai groupes = 1 << iota
	groupeCouverture
	groupeCharge
	groupeDemandes
	groupeActivite
	groupeCEE
	groupeJurys
	groupeStages
	groupeAvenir
	groupeExpertise
	tousGroupes = 1<<iota - 1
)

// groupesDe are the groups the dashboard v shows (ChiffresDe, SeriesDe):
// a CEE's or a school's dashboard shows no coverage, load per CEE nor
// juries, and computing them anyway cost 336 ms for one CEE on the
// national demo (the coverage reads the territory's schools).
func groupesDe(v Vue) groupes {
	switch v {
	case VueConseiller:
		return groupeDelai | groupeDemandes | groupeActivite | groupeStages | groupeAvenir | groupeExpertise
	case VueEtablissement:
		return groupeDelai | groupeDemandes | groupeActivite | groupeStages | groupeAvenir
	case VueExamens:
		return groupeJurys
	}
	return tousGroupes
}

// CalculerRapport computes the indicators of f; progress, when not nil, is
// told the share done after each group (for the bilans' progress bar).
func CalculerRapport(ctx context.Context, s *store.Store, f store.IndicateurFilter, progress func(pct int)) (Rapport, error) {
	return calculerRapport(ctx, s, f, tousGroupes, progress)
}

func calculerRapport(ctx context.Context, s *store.Store, f store.IndicateurFilter, g groupes, progress func(pct int)) (Rapport, error) {
	r := Rapport{F: f}
	var delai float64
	var repondues int
	// Longest first (nationally: the time to first answer, the coverage,
	// the load per CEE), so that the two lanes below end together.
	var steps []func() error
	for _, x := range []struct {
		g    groupes
		step func() error
	}{
		{groupeDelai, func() (err error) { delai, repondues, err = s.IndicateursDelai(ctx, f); return err }},
		{groupeCouverture, func() (err error) { r.Couverture, err = s.IndicateursCouverture(ctx, f); return err }},
		{groupeCharge, func() (err error) { r.Charge, err = s.IndicateursCharge(ctx, f); return err }},
		{groupeDemandes, func() (err error) { r.Demandes, err = s.IndicateursEtatsDemandes(ctx, f); return err }},
		{groupeActivite, func() (err error) { r.Activite, err = s.IndicateursActivite(ctx, f); return err }},
		{groupeCEE, func() (err error) { r.CEE, err = s.IndicateursCEE(ctx, f); return err }},
		{groupeJurys, func() (err error) { r.Jurys, err = s.IndicateursJurys(ctx, f); return err }},
		{groupeStages, func() (err error) { r.Stages, err = s.IndicateursStages(ctx, f); return err }},
		{groupeAvenir, func() (err error) { r.Avenir, err = s.IndicateursAvenir(ctx, f); return err }},
		{groupeExpertise, func() (err error) { r.Expertise, err = s.IndicateursExpertise(ctx, f); return err }},
	} {
		if g&x.g != 0 {
			steps = append(steps, x.step)
		}
	}
	// The groups are independent reads: two at a time (the database pools
	// allow more), waited for here, so that a national dashboard costs
	// about its slowest half rather than the sum.
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		errs []error
		done int
	)
	sem := make(chan struct{}, 2)
	for _, step := range steps {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			err := step()
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
			}
			done++
			if progress != nil {
				progress(done * 100 / len(steps))
			}
		}()
	}
	wg.Wait()
	r.Demandes.DelaiMedian, r.Demandes.Repondues = delai, repondues
	return r, errors.Join(errs...)
}

// Serie is one indicator broken down, drawn as bars with its data table
// and downloadable as CSV.
type Serie struct {
	Code       string // model.Ind…
	Titre      string
	Definition string
	Colonne    string // what is counted: « CEE », « Demandes »…
	Lignes     []SerieLigne
	// Taux: each line is N of Total (coverage), drawn as a share.
	Taux bool
	// Colonnes names N and Total of a Taux serie; « Atteints », « Total »
	// when empty.
	Colonnes []string
	// Seconde names a second count of each line, M, shown in the tables
	// after N (not drawn): the pupils of the parcours Avenir's actions.
	Seconde string
}

// SerieLigne is one bar.
type SerieLigne struct {
	Cle      string // the code behind the label, where a map needs it
	Libelle  string
	N, Total int
	M        int // the Seconde count
}

// Max is the longest bar, for the scale.
func (s Serie) Max() int {
	m := 0
	for _, l := range s.Lignes {
		m = max(m, l.N)
	}
	return m
}

// Entete and Rows are the serie as a table: CSV, XLSX, PDF.
func (s Serie) Entete() []string {
	if s.Taux {
		cols := s.Colonnes
		if len(cols) != 2 {
			cols = []string{"Atteints", "Total"}
		}
		return []string{s.Titre, cols[0], cols[1], "Taux"}
	}
	if s.Seconde != "" {
		return []string{s.Titre, s.Colonne, s.Seconde}
	}
	return []string{s.Titre, s.Colonne}
}

// Rows are the lines as text.
func (s Serie) Rows() [][]string {
	out := make([][]string, 0, len(s.Lignes))
	for _, l := range s.Lignes {
		if s.Taux {
			out = append(out, []string{l.Libelle, strconv.Itoa(l.N), strconv.Itoa(l.Total), Pourcent(l.N, l.Total)})
		} else if s.Seconde != "" {
			out = append(out, []string{l.Libelle, strconv.Itoa(l.N), strconv.Itoa(l.M)})
		} else {
			out = append(out, []string{l.Libelle, strconv.Itoa(l.N)})
		}
	}
	return out
}

// Barres are the serie as the bars of the PDF's chart.
func (s Serie) Barres() []pdf.Barre {
	out := make([]pdf.Barre, 0, len(s.Lignes))
	for _, l := range s.Lignes {
		if s.Taux {
			out = append(out, pdf.Barre{Libelle: l.Libelle, N: l.N, Max: l.Total, Part: true, Texte: Pourcent(l.N, l.Total)})
		} else {
			out = append(out, pdf.Barre{Libelle: l.Libelle, N: l.N, Max: s.Max(), Texte: nombre(l.N)})
		}
	}
	return out
}

// Pourcent is « 42 % », or « – » over zero.
func Pourcent(n, total int) string {
	if total <= 0 {
		return "–"
	}
	return strconv.Itoa(int(float64(n)*100/float64(total)+0.5)) + "\u00a0%"
}

func serie(code, colonne string, lignes []SerieLigne) Serie {
	ind, _ := model.IndicateurByCode(code)
	return Serie{Code: code, Titre: ind.Label, Definition: ind.Definition, Colonne: colonne, Lignes: lignes}
}

func lignes(ls []store.Ligne, label func(store.Ligne) string) []SerieLigne {
	out := make([]SerieLigne, 0, len(ls))
	for _, l := range ls {
		out = append(out, SerieLigne{Libelle: label(l), N: l.N})
	}
	return out
}

// LibelleSection names a NAF section.
func LibelleSection(code string) string {
	if code == "" {
		return "Non renseigné"
	}
	if n, ok := refdata.NAFByCode(code); ok {
		return code + " – " + n.Libelle
	}
	return code
}

// LibelleDepartement names a département: « Haute-Garonne (31) ».
func LibelleDepartement(code string) string {
	if code == "" {
		return "Non renseigné"
	}
	return refdata.LibelleDepartement(code)
}

// LibelleEP names a group of éducation prioritaire.
func LibelleEP(ep string) string {
	if ep == "" {
		return "Hors éducation prioritaire"
	}
	return ep
}

// Series are the indicators broken down, in the dashboards' order.
func (r Rapport) Series() []Serie {
	out := []Serie{
		serie(model.IndCEESecteur, "CEE", lignes(r.CEE.ParSecteur, func(l store.Ligne) string { return LibelleSection(l.Cle) })),
		serie(model.IndCEEDepartement, "CEE", lignes(r.CEE.ParDepartement, func(l store.Ligne) string { return LibelleDepartement(l.Cle) })),
		serie(model.IndCEEStatut, "CEE", lignes(r.CEE.ParStatut, func(l store.Ligne) string {
			if lb := model.StatutPro(l.Cle).Label(); lb != "" {
				return lb
			}
			return "Non renseigné"
		})),
		serie(model.IndCEEOrganisation, "CEE", lignes(r.CEE.ParOrg, func(l store.Ligne) string { return l.Libelle })),
		serie(model.IndDemandesEtat, "Demandes", lignes(r.Demandes.ParEtat, func(l store.Ligne) string { return l.Libelle })),
		serie(model.IndDemandesType, "Demandes", lignes(r.Demandes.ParType, func(l store.Ligne) string { return l.Libelle })),
	}
	cov := func(code string, ls []store.CouvertureLigne, label func(string) string) Serie {
		s := serie(code, "Établissements", nil)
		s.Taux = true
		for _, l := range ls {
			s.Lignes = append(s.Lignes, SerieLigne{Cle: l.Cle, Libelle: label(l.Cle), N: l.Atteints, Total: l.Total})
		}
		return s
	}
	// By académie nationally, by département within an académie: what the maps draw.
	territoire := cov(model.IndCouvertureDep, r.Couverture.ParDepartement, LibelleDepartement)
	if r.F.Academie == "" && r.F.ConseillerID == 0 && r.F.UAI == "" {
		territoire = cov(model.IndCouvertureAcad, r.Couverture.ParAcademie, func(k string) string {
			if a, ok := refdata.AcademieByCode(k); ok {
				return a.Nom
			}
			return k
		})
	}
	out = append(out,
		cov(model.IndCouvertureType, r.Couverture.ParType, func(k string) string { return model.TypeEtablissement(k).Label() }),
		cov(model.IndCouvertureEP, r.Couverture.ParEP, LibelleEP),
		territoire,
		serie(model.IndChargeCEE, "CEE", lignes(r.Charge.Distribution, func(l store.Ligne) string { return l.Libelle + " acceptée(s)" })),
	)
	sieges := func(code string, ls []store.SiegesLigne, label func(store.SiegesLigne) string) Serie {
		s := serie(code, "Sièges", nil)
		s.Taux, s.Colonnes = true, []string{"Pourvus", "Prévus"}
		for _, l := range ls {
			s.Lignes = append(s.Lignes, SerieLigne{Libelle: label(l), N: l.Pourvus, Total: l.Sieges})
		}
		return s
	}
	// Sessions are an académie's: nationally they would be a long list.
	if r.F.Academie != "" {
		out = append(out, sieges(model.IndSiegesSession, r.Jurys.ParSession, func(l store.SiegesLigne) string { return l.Libelle }))
	}
	out = append(out,
		sieges(model.IndSiegesDiplome, r.Jurys.ParDiplome, func(l store.SiegesLigne) string {
			if l.Cle == "" {
				return "Spécialité inconnue"
			}
			return l.Cle
		}),
		serie(model.IndCollegesJurys, "Membres", []SerieLigne{{Libelle: "Employeurs", N: r.Jurys.Employeurs}, {Libelle: "Salariés", N: r.Jurys.Salaries}}),
	)
	return append(out, r.seriesMissions()...)
}

// seriesMissions are the pôles de stage's places and the parcours Avenir
// by level, school type and éducation prioritaire (issue 19).
func (r Rapport) seriesMissions() []Serie {
	st := r.Stages
	places := serie(model.IndPlacesStage, "Places", []SerieLigne{{Libelle: "Places recherchées", N: st.Recherchees},
		{Libelle: "Places proposées", N: st.Offertes}, {Libelle: "Places confirmées", N: st.Confirmees}, {Libelle: "Élèves placés", N: st.ElevesPlaces}})
	avenir := func(code string, ls []store.AvenirLigne, label func(string) string) Serie {
		s := serie(code, "Actions", nil)
		s.Seconde = "Élèves"
		for _, l := range ls {
			s.Lignes = append(s.Lignes, SerieLigne{Cle: l.Cle, Libelle: label(l.Cle), N: l.Actions, M: l.Eleves})
		}
		return s
	}
	// The seed's three missions side by side (issue 19 item 5).
	missions := serie(model.IndMissions, "Services", []SerieLigne{{Cle: "mobilisation", Libelle: "Mobilisation de professionnels (actions)", N: r.Activite.Actions},
		{Cle: "expertise", Libelle: "Expertise et conseil (avis rendus)", N: r.Expertise.Rendus},
		{Cle: "jurys", Libelle: "Jurys d'examen (sièges pourvus)", N: r.Jurys.Pourvus}})
	return []Serie{missions, places,
		serie(model.IndExpertiseSujet, "Avis", lignes(r.Expertise.ParSujet, func(l store.Ligne) string { return l.Libelle })),
		avenir(model.IndAvenirNiveau, r.Avenir.ParNiveau, func(k string) string { return k }),
		avenir(model.IndAvenirType, r.Avenir.ParType, func(k string) string {
			if k == "" {
				return "Sans établissement"
			}
			return model.TypeEtablissement(k).Label()
		}),
		avenir(model.IndAvenirEP, r.Avenir.ParEP, LibelleEP),
	}
}

// SerieByCode finds one serie.
func (r Rapport) SerieByCode(code string) (Serie, bool) {
	for _, s := range r.Series() {
		if s.Code == code {
			return s, true
		}
	}
	return Serie{}, false
}

// Chiffre is one key figure with its indicator code (for its definition).
type Chiffre struct {
	Code, Libelle, Valeur string
}

func nombre(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return s
	}
	// Thousands separated by a narrow no-break space, as in French.
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(c)
	}
	return b.String()
}

func taux(x float64) string {
	if x < 0 {
		return "–"
	}
	return strconv.Itoa(int(x*100+0.5)) + "\u00a0%"
}

func decimal(x float64) string {
	return strings.Replace(strconv.FormatFloat(x, 'f', 1, 64), ".", ",", 1)
}

// Chiffres are the key figures.
func (r Rapport) Chiffres() []Chiffre {
	label := func(code string) string { i, _ := model.IndicateurByCode(code); return i.Label }
	actifs := nombre(r.CEE.Total)
	if r.CEE.Objectif > 0 {
		actifs += " / objectif " + nombre(r.CEE.Objectif)
	}
	delai := "–"
	if r.Demandes.DelaiMedian >= 0 {
		delai = decimal(r.Demandes.DelaiMedian) + " jour(s)"
	}
	note := "–"
	if r.Demandes.Notes > 0 {
		note = decimal(r.Demandes.NoteMoyenne()) + " / 5 (" + nombre(r.Demandes.Notes) + " note(s))"
	}
	return []Chiffre{
		{model.IndCEEActifs, label(model.IndCEEActifs), actifs},
		{model.IndMandatsFin, label(model.IndMandatsFin), nombre(r.CEE.FinProche)},
		{model.IndDemandesEtat, "Demandes envoyées", nombre(r.Demandes.Total)},
		{model.IndDelaiReponse, label(model.IndDelaiReponse), delai},
		{model.IndTauxPourvues, label(model.IndTauxPourvues), taux(r.Demandes.TauxPourvues())},
		{model.IndTauxExpirees, label(model.IndTauxExpirees), taux(r.Demandes.TauxExpirees())},
		{model.IndActions, label(model.IndActions), nombre(r.Activite.Actions)},
		{model.IndHeures, label(model.IndHeures), decimal(r.Activite.Heures())},
		{model.IndEleves, label(model.IndEleves), nombre(r.Activite.Eleves)},
		{model.IndReponses, label(model.IndReponses), nombre(r.Activite.Reponses)},
		{model.IndCouverture, label(model.IndCouverture), nombre(r.Couverture.Atteints) + " / " + nombre(r.Couverture.Total) + " (" + taux(r.Couverture.Taux()) + ")"},
		{model.IndCEESurcharges, label(model.IndCEESurcharges), nombre(r.Charge.Surcharges)},
		{model.IndCEEInactifs, label(model.IndCEEInactifs), nombre(r.Charge.Inactifs)},
		{model.IndNoteMoyenne, label(model.IndNoteMoyenne), note},
		{model.IndSiegesJurys, label(model.IndSiegesJurys), nombre(r.Jurys.Pourvus) + " / " + nombre(r.Jurys.Sieges) + " (" + taux(r.Jurys.Taux()) + ")"},
		{model.IndCollegesJurys, label(model.IndCollegesJurys), nombre(r.Jurys.Employeurs) + " employeur(s), " + nombre(r.Jurys.Salaries) + " salarié(s)"},
		{model.IndJurysEquilibres, label(model.IndJurysEquilibres), nombre(r.Jurys.Equilibres) + " / " + nombre(r.Jurys.AvecMembres) + " (" +
			taux(store.CouvertureLigne{Total: r.Jurys.AvecMembres, Atteints: r.Jurys.Equilibres}.Taux()) + ")"},
		{model.IndPlacesStage, "Places de stage confirmées", nombre(r.Stages.Confirmees) + " / " + nombre(r.Stages.Recherchees) + " recherchée(s), " +
			nombre(r.Stages.ElevesPlaces) + " élève(s) placé(s)"},
		{model.IndAvenir, label(model.IndAvenir), nombre(r.Avenir.Actions) + " action(s), " + nombre(r.Avenir.Eleves) + " élève(s)"},
		{model.IndExpertise, label(model.IndExpertise), nombre(r.Expertise.Rendus) + " (" + decimal(float64(r.Expertise.Minutes)/60) + " h) ; " +
			nombre(r.Expertise.Demandees) + " demandé(s), " + nombre(r.Expertise.Declines) + " décliné(s)"},
	}
}

// FiltreBilan is the filter of a bilan's scope and year.
func FiltreBilan(b store.Bilan, now time.Time) (store.IndicateurFilter, error) {
	f := store.IndicateurFilter{Annee: b.Annee, Now: now}
	switch b.Perimetre {
	case model.BilanAcademie:
		f.Academie = b.Ref
	case model.BilanOrganisation:
		id, err := strconv.ParseInt(b.Ref, 10, 64)
		if err != nil {
			return f, fmt.Errorf("bilan %d : organisation %q illisible", b.ID, b.Ref)
		}
		f.OrganisationID, f.Academie = id, b.Academie
	case model.BilanConseiller:
		id, err := strconv.ParseInt(b.Ref, 10, 64)
		if err != nil {
			return f, fmt.Errorf("bilan %d : conseiller %q illisible", b.ID, b.Ref)
		}
		f.ConseillerID = id
	default:
		return f, fmt.Errorf("bilan %d : périmètre %q inconnu", b.ID, b.Perimetre)
	}
	return f, nil
}

// LancerBilan records a bilan to build and its job, in one transaction
// with its journal line (the bilan is an export of the académie's data).
func LancerBilan(ctx context.Context, s *store.Store, a Actor, b store.Bilan) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *store.Store) error {
		var err error
		if id, err = tx.CreateBilan(ctx, b); err != nil {
			return err
		}
		if _, err := tx.EnqueueJob(ctx, store.NewJob{Kind: job.KindBilan, Payload: struct{ Bilan int64 }{id}, MaxAttempts: 3}); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditExport, "bilan", id, b.Academie, fmt.Sprintf("bilan %s demandé : %s", b.Annee.Label(), b.Libelle))
	})
	return id, err
}

// ProduireBilan is the job: it computes the indicators (reporting its
// progress), writes the PDF and the workbook, and keeps them.
func ProduireBilan(ctx context.Context, s *store.Store, id int64, now time.Time) error {
	b, err := s.GetBilan(ctx, id)
	if err != nil {
		return err
	}
	if b.Etat == model.BilanPret {
		return nil
	}
	fail := func(err error) error {
		// The dashboard shows this text: a user error's message, never
		// another error's (the job's log keeps it, with its chain).
		msg := "erreur inattendue, enregistrée dans le journal du service : relancez le bilan ; si l'échec se répète, écrivez au support"
		if ue, ok := model.ErreurUtilisateur(err); ok {
			msg = ue.Message
		}
		_ = s.SetBilanProgression(ctx, id, model.BilanEchec, b.Progression, msg)
		return err
	}
	_ = s.SetBilanProgression(ctx, id, model.BilanEnCours, 5, "")
	f, err := FiltreBilan(b, now)
	if err != nil {
		return fail(err)
	}
	r, err := CalculerRapport(ctx, s, f, func(pct int) {
		b.Progression = 5 + pct*70/100
		_ = s.SetBilanProgression(ctx, id, model.BilanEnCours, b.Progression, "")
	})
	if err != nil {
		return fail(err)
	}
	if b.Perimetre == model.BilanAcademie && b.Ref != "" {
		if r.Unites, err = s.ChiffresUnites(ctx, store.UniteFilter{Academie: b.Ref, Du: b.Annee.Debut(), Au: b.Annee.Fin()}); err != nil {
			return fail(err)
		}
	}
	_ = s.SetBilanProgression(ctx, id, model.BilanEnCours, 80, "")
	pdfBytes, xlsxBytes, err := FichiersBilan(b, r, r.Couverture.NonAtteints, now)
	if err != nil {
		return fail(err)
	}
	return s.SetBilanFichiers(ctx, id, pdfBytes, xlsxBytes)
}

// FichiersBilan writes the PDF and the XLSX workbook of a bilan.
func FichiersBilan(b store.Bilan, r Rapport, nonAtteints []store.NonAtteint, now time.Time) ([]byte, []byte, error) {
	acad := b.Academie
	if acad == "" && b.Perimetre == model.BilanAcademie {
		acad = b.Ref
	}
	a := pdf.Academie{Code: acad, Nom: "nationale", Ville: "Paris"}
	if ra, ok := refdata.AcademieByCode(acad); ok {
		a.Nom, a.Ville = ra.Nom, ra.Nom
	}
	doc := pdf.Bilan{Perimetre: b.Libelle, Annee: b.Annee.Label(), Date: now}
	for _, c := range r.Chiffres() {
		doc.Chiffres = append(doc.Chiffres, pdf.Chiffre{Libelle: c.Libelle, Valeur: c.Valeur})
	}
	feuilles := []export.Feuille{{Nom: "Chiffres clés", Entete: []string{"Indicateur", "Valeur"}}}
	for _, c := range doc.Chiffres {
		feuilles[0].Lignes = append(feuilles[0].Lignes, []string{c.Libelle, c.Valeur})
	}
	for _, s := range r.Series() {
		doc.Tableaux = append(doc.Tableaux, pdf.Tableau{Titre: s.Titre, Colonnes: s.Entete(), Lignes: s.Rows(), Barres: s.Barres()})
		feuilles = append(feuilles, export.Feuille{Nom: s.Titre, Entete: s.Entete(), Lignes: s.Rows()})
	}
	if b.Perimetre == model.BilanAcademie {
		doc.Tableaux = append(doc.Tableaux, tableauxUnites(r.Unites)...)
		feuilles = append(feuilles, export.Feuille{Nom: "Par unité", Entete: EnteteUnites(), Lignes: LignesUnites(r.Unites)})
	}
	// The schools never reached: the whole list in the workbook, the first
	// ones in the PDF.
	na := export.Feuille{Nom: "Établissements non atteints", Entete: []string{"UAI", "Établissement", "Type", "Commune", "Département", "Éducation prioritaire"}}
	for _, e := range nonAtteints {
		na.Lignes = append(na.Lignes, []string{e.UAI, e.Nom, model.TypeEtablissement(e.Type).Label(), e.Commune, LibelleDepartement(e.Departement), LibelleEP(e.EducationPrioritaire)})
	}
	feuilles = append(feuilles, na)
	t := pdf.Tableau{Titre: fmt.Sprintf("Établissements jamais atteints (%d)", len(nonAtteints)), Colonnes: []string{"Établissement", "UAI", "Type"}}
	for i, e := range nonAtteints {
		if i == 200 {
			t.Lignes = append(t.Lignes, []string{fmt.Sprintf("… et %d autres : voir le classeur XLSX", len(nonAtteints)-200), "", ""})
			break
		}
		t.Lignes = append(t.Lignes, []string{e.Nom + ", " + e.Commune, e.UAI, model.TypeEtablissement(e.Type).Label()})
	}
	doc.Tableaux = append(doc.Tableaux, t)
	if b.Perimetre != model.BilanConseiller {
		ch := export.Feuille{Nom: "Charge par CEE", Entete: []string{"Nom", "Prénom", "Département", "Organisation", "Sollicitations acceptées", "Plafond mensuel", "Actions", "Heures d'actions", "Élèves", "Jurys d'examen (présent)", "Événements du réseau (présent)", "Avis d'expertise rendus", "Surchargé", "Inactif 12 mois"}}
		for _, c := range r.Charge.CEE {
			ch.Lignes = append(ch.Lignes, []string{c.Nom, c.Prenom, c.Departement, c.Organisation, strconv.Itoa(c.Acceptees), strconv.Itoa(c.MaxParMois),
				strconv.Itoa(c.ActionsAnnee), decimal(float64(c.MinutesAnnee) / 60), strconv.Itoa(c.ElevesAnnee),
				strconv.Itoa(c.JurysAnnee), strconv.Itoa(c.EvenementsAnnee), strconv.Itoa(c.ExpertisesAnnee), ouiNon(c.Surcharge), ouiNon(!c.Actif12Mois)})
		}
		feuilles = append(feuilles, ch)
	}
	defs := export.Feuille{Nom: "Définitions", Entete: []string{"Code", "Indicateur", "Définition"}}
	for _, i := range model.Indicateurs() {
		doc.Definitions = append(doc.Definitions, pdf.Chiffre{Libelle: i.Label, Valeur: i.Definition})
		defs.Lignes = append(defs.Lignes, []string{i.Code, i.Label, i.Definition})
	}
	feuilles = append(feuilles, defs)

	var p, x bytes.Buffer
	if err := pdf.BilanAnnuel(&p, a, doc); err != nil {
		return nil, nil, err
	}
	if err := export.Classeur(&x, feuilles); err != nil {
		return nil, nil, err
	}
	return p.Bytes(), x.Bytes(), nil
}

// TitreUnites is the title of the bilan's section on the units.
const TitreUnites = "Par unité (campus, pôle de stage, lycée des métiers)"

// tableauxUnites are the units' figures in the PDF: each unit's lines as
// on its page (LignesUnite), its name on the first; a table of one column
// per figure would not fit the page's width.
func tableauxUnites(list []store.ChiffresUnite) []pdf.Tableau {
	t := pdf.Tableau{Titre: TitreUnites, Colonnes: []string{"Unité", "Indicateur", "Nombre"}}
	for _, c := range list {
		for i, l := range LignesUnite(c) {
			nom := ""
			if i == 0 {
				nom = c.Campus.Nom + " (" + c.Campus.Type.Label() + ")"
			}
			t.Lignes = append(t.Lignes, []string{nom, l.Libelle, strconv.Itoa(l.N)})
		}
	}
	return []pdf.Tableau{t}
}

func ouiNon(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}

// FichierBilan reads a built bilan's file (kind pdf or xlsx) and journals
// its download.
func FichierBilan(ctx context.Context, s *store.Store, a Actor, b store.Bilan, kind string) ([]byte, error) {
	data, err := s.BilanFichier(ctx, b.ID, kind)
	if err != nil {
		return nil, err
	}
	return data, journaliser(ctx, s, a, store.AuditExport, "bilan", b.ID, b.Academie, "bilan "+b.Annee.Label()+" ("+kind+") : "+b.Libelle)
}
