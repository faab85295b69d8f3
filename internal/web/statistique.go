package web

import (
	"net/http"
	"strconv"
	"time"

	"cee/internal/export"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/workflow"
)

// statLigne is one line of the open statistics, counts already suppressed
// below model.SeuilStatistiques.
type statLigne struct {
	Academie string
	Cells    []string // CEE, demandes, actions, élèves, établissements, atteints, taux
}

var statHeaders = []string{"Académie", "CEE en mandat", "Demandes envoyées", "Actions", "Élèves touchés", "Établissements", "Établissements atteints", "Taux de couverture"}

type statistiquesData struct {
	Annee     model.AnneeScolaire
	Annees    []model.AnneeScolaire
	National  statLigne
	Academies []statLigne
	Seuil     int
	// Couverture is the coverage rate by académie for the map (Cle: the
	// académie's code), without the académies of Secrets, whose établissements
	// or reached ones are suppressed.
	Couverture workflow.Serie
	Secrets    map[string]bool
	Carte      carteData // drawn for the page only, not the CSV
	CarteOK    bool
	Calcule    time.Time // when the figures were computed (workflow.StatistiquesPubliques)
}

// secret is how a count under the threshold is shown, on the page and in
// the CSV alike.
const secret = "< 5"

// statistiques computes the open statistics: aggregates by académie, no
// personal data, counts under the threshold suppressed. When a column
// holds exactly one suppressed count, the next smallest is suppressed too,
// so that the national total does not give the hidden one away.
func (s *Server) statistiques(r *http.Request) (statistiquesData, error) {
	now := time.Now()
	d := statistiquesData{Annee: model.AnneeScolaireOf(now), Annees: workflow.Annees(now), Seuil: model.SeuilStatistiques}
	if v := r.URL.Query().Get("annee"); v != "" {
		a, err := workflow.LireAnnee(v, now)
		if err != nil {
			return d, withStatus(http.StatusBadRequest, err)
		}
		d.Annee = a
	}
	stats, calcule, err := workflow.StatistiquesPubliques(r.Context(), s.store, d.Annee, now)
	d.Calcule = calcule
	if err != nil {
		return d, err
	}
	vals := func(st store.StatAcademie) []int {
		return []int{st.CEE, st.Demandes, st.Actions, st.Eleves, st.Etablissements, st.Atteints}
	}
	var total store.StatAcademie
	grid := make([][]int, len(stats))
	hidden := make([][]bool, len(stats))
	for i, st := range stats {
		total.CEE += st.CEE
		total.Demandes += st.Demandes
		total.Actions += st.Actions
		total.Eleves += st.Eleves
		total.Etablissements += st.Etablissements
		total.Atteints += st.Atteints
		grid[i] = vals(st)
		hidden[i] = make([]bool, len(grid[i]))
		for j, v := range grid[i] {
			hidden[i][j] = v < model.SeuilStatistiques
		}
	}
	for j := range 6 {
		n, next := 0, -1
		for i := range grid {
			if hidden[i][j] {
				n++
			} else if next < 0 || grid[i][j] < grid[next][j] {
				next = i
			}
		}
		if n == 1 && next >= 0 {
			hidden[next][j] = true
		}
	}
	line := func(acad string, v []int, h []bool) statLigne {
		l := statLigne{Academie: acad}
		for j, x := range v {
			if h != nil && h[j] || x < model.SeuilStatistiques {
				l.Cells = append(l.Cells, secret)
			} else {
				l.Cells = append(l.Cells, strconv.Itoa(x))
			}
		}
		// The rate only when both its terms are shown.
		if l.Cells[4] == secret || l.Cells[5] == secret || v[4] == 0 {
			l.Cells = append(l.Cells, "–")
		} else {
			l.Cells = append(l.Cells, strconv.Itoa(int(float64(v[5])*100/float64(v[4])+0.5))+" %")
		}
		return l
	}
	d.National = line("Ensemble des académies", vals(total), nil)
	d.Couverture = workflow.Serie{Code: model.IndCouvertureAcad, Titre: "Couverture des établissements par académie", Taux: true}
	d.Secrets = map[string]bool{}
	for i, st := range stats {
		l := line(refdata.LibelleAcademie(st.Academie), grid[i], hidden[i])
		d.Academies = append(d.Academies, l)
		switch {
		case l.Cells[4] == secret || l.Cells[5] == secret:
			d.Secrets[st.Academie] = true
		case st.Etablissements > 0:
			d.Couverture.Lignes = append(d.Couverture.Lignes, workflow.SerieLigne{Cle: st.Academie, Libelle: l.Academie, N: st.Atteints, Total: st.Etablissements})
		}
	}
	return d, nil
}

// handleStatistiques is the open statistics page, without login.
func (s *Server) handleStatistiques(w http.ResponseWriter, r *http.Request) error {
	d, err := s.statistiques(r)
	if err != nil {
		return err
	}
	if d.Carte, d.CarteOK = carteAvecSecrets(d.Couverture, "", d.Secrets); d.CarteOK {
		d.Carte.ID, d.Carte.Titre = "carte-statistiques", "Carte : couverture des établissements par académie, "+d.Annee.Label()
	}
	return render(w, r, http.StatusOK, statistiquesPage(s.layout(r, "Statistiques du réseau"), d))
}

// handleStatistiquesCSV sends the same table as CSV.
func (s *Server) handleStatistiquesCSV(w http.ResponseWriter, r *http.Request) error {
	if r.PathValue("fichier") != "statistiques.csv" {
		return withStatus(http.StatusNotFound, errNotFoundPage)
	}
	d, err := s.statistiques(r)
	if err != nil {
		return err
	}
	rows := [][]string{append([]string{d.National.Academie}, d.National.Cells...)}
	for _, l := range d.Academies {
		rows = append(rows, append([]string{l.Academie}, l.Cells...))
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="statistiques-cee-`+d.Annee.Label()+`.csv"`)
	return export.CSV(w, statHeaders, rows)
}
