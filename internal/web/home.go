package web

import (
	"net/http"
	"sort"
	"strconv"

	"cee/internal/refdata"
	"cee/internal/web/ui"
)

// academieCount is one row of the home page's table.
type academieCount struct {
	Code, Nom, Region string
	Etablissements    int
}

type homeData struct {
	Academies []academieCount
	Total     int
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	counts, err := s.store.CountEtablissementsByAcademie(r.Context())
	if err != nil {
		return err
	}
	var d homeData
	for _, a := range refdata.Academies() {
		if n := counts[a.Code]; n > 0 {
			d.Academies = append(d.Academies, academieCount{Code: a.Code, Nom: a.Nom, Region: a.RegionAcademique, Etablissements: n})
			d.Total += n
		}
	}
	sort.SliceStable(d.Academies, func(i, j int) bool { return d.Academies[i].Nom < d.Academies[j].Nom })
	return render(w, r, http.StatusOK, homePage(s.layout(r, "Accueil"), d))
}

func (s *Server) handleStatic(title string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		l := s.layout(r, title)
		switch r.URL.Path {
		case "/accessibilite":
			return render(w, r, http.StatusOK, ui.AccessibilitePage(l))
		case "/mentions-legales":
			return render(w, r, http.StatusOK, ui.MentionsLegalesPage(l))
		}
		return render(w, r, http.StatusOK, ui.DonneesPersonnellesPage(l))
	}
}

func (s *Server) handleGallery(w http.ResponseWriter, r *http.Request) error {
	return render(w, r, http.StatusOK, ui.GalleryPage(s.layout(r, "Composants DSFR")))
}

func homeTable(d homeData) ui.TableParams {
	t := ui.TableParams{Caption: "Nombre d'établissements par académie", CaptionHidden: true, Headers: []string{"Académie", "Région académique", "Établissements"}, Bordered: true}
	for _, a := range d.Academies {
		t.Rows = append(t.Rows, []ui.TableCell{
			{Text: a.Nom, Href: "/etablissements?academie=" + a.Code},
			{Text: a.Region},
			{Text: strconv.Itoa(a.Etablissements), Numeric: true},
		})
	}
	return t
}
