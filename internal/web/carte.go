package web

import (
	"fmt"
	"strconv"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/workflow"
)

// A map is drawn on the server, in SVG, from the outlines embedded in
// refdata (see scripts/carte): the départements of an académie, or the
// académies of France with the overseas ones as insets. Each territory is
// coloured by its rate in a serie (the coverage of schools); the legend
// and the data table stand beside the map, and each shape carries its
// name and figures in a <title>.

// carteData is a map ready to draw.
type carteData struct {
	ID      string
	Titre   string // the SVG's <title>
	Desc    string // its <desc>
	ViewBox string
	Zones   []zoneCarte
	Encarts []encartCarte
	Legende []classeCarte
	// Symboles are drawn over the territories (the coverage page's
	// clusters); largeur is the width of the view box, their scale.
	Symboles []symboleCarte
	largeur  float64
}

// zoneCarte is one territory's shape.
type zoneCarte struct {
	Cle         string // the département's or the académie's code
	Nom, Valeur string
	Chemin      string
	Fill        string
	Transform   string // the inset's, for an overseas académie
	// k, dx, dy are Transform's numbers (1, 0, 0 without), to place a
	// symbol in the inset.
	k, dx, dy float64
}

// encartCarte frames an overseas territory drawn at its own scale.
type encartCarte struct {
	X, Y, W, H float64
	Nom        string
}

// classeCarte is one colour of the legend.
type classeCarte struct {
	Fill, Label string
}

// Classes of rates, light to dark (DSFR « bleu France » tints), and the
// colour of territories without schools in the scope.
var (
	carteClasses = []classeCarte{
		{"#ececfe", "moins de 20 %"}, {"#cacafb", "de 20 à 40 %"}, {"#8585f6", "de 40 à 60 %"},
		{"#4b4bd6", "de 60 à 80 %"}, {"#000091", "80 % et plus"},
	}
	carteSansDonnee = classeCarte{"#dddddd", "sans établissement dans le périmètre"}
	// carteSecret: figures suppressed below model.SeuilStatistiques (open
	// statistics); a neutral grey, darker than « sans établissement ».
	carteSecret = classeCarte{"#929292", "secret statistique : effectif inférieur à " + strconv.Itoa(model.SeuilStatistiques)}
)

const (
	carteMarge   = 12.0  // around the shapes, in map units (500 m)
	encartTaille = 420.0 // an overseas inset's box, national map
	encartEcart  = 40.0
)

func carteFill(n, total int) string {
	if total <= 0 {
		return carteSansDonnee.Fill
	}
	i := min(len(carteClasses)-1, n*len(carteClasses)/total)
	return carteClasses[i].Fill
}

// carteOf draws a map serie: by département (the académie of the filter),
// or by académie (national). ok is false when there is nothing to draw.
func carteOf(s workflow.Serie, academie string) (carteData, bool) {
	return carteAvecSecrets(s, academie, nil)
}

// carteAvecSecrets draws a map serie as carteOf does, the territories whose
// keys are in secrets in the class carteSecret, without any figure.
func carteAvecSecrets(s workflow.Serie, academie string, secrets map[string]bool) (carteData, bool) {
	c := carteData{ID: "carte-" + s.Code, Titre: "Carte : " + s.Titre, Legende: append(append([]classeCarte{}, carteClasses...), carteSansDonnee)}
	if len(secrets) > 0 {
		c.Legende = append(c.Legende, carteSecret)
	}
	values := map[string]workflow.SerieLigne{}
	for _, l := range s.Lignes {
		values[l.Cle] = l
	}
	value := func(nom, key string) (string, string) {
		if secrets[key] {
			return carteSecret.Fill, nom + " : secret statistique"
		}
		l, ok := values[key]
		if !ok || l.Total == 0 {
			return carteSansDonnee.Fill, nom + " : aucun établissement dans le périmètre"
		}
		return carteFill(l.N, l.Total), fmt.Sprintf("%s : %s (%d sur %d)", nom, workflow.Pourcent(l.N, l.Total), l.N, l.Total)
	}
	x0, y0, x1, y1 := 1e9, 1e9, -1e9, -1e9
	grow := func(ct refdata.Contour) {
		x0, y0, x1, y1 = min(x0, ct.X0), min(y0, ct.Y0), max(x1, ct.X1), max(y1, ct.Y1)
	}
	switch s.Code {
	case model.IndCouvertureDep:
		deps := refdata.DepartementsOfAcademie(academie)
		if len(deps) == 0 {
			return c, false
		}
		// Codes as the schools carry them (« 031 »), keyed as INSEE writes them.
		byInsee := map[string]workflow.SerieLigne{}
		for k, l := range values {
			if d, ok := refdata.DepartementByCode(k); ok {
				byInsee[d.Code] = l
			}
		}
		values = byInsee
		for _, d := range deps {
			ct, ok := refdata.ContourDepartement(d.Code)
			if !ok {
				continue
			}
			grow(ct)
			fill, v := value(d.Nom+" ("+d.Code+")", d.Code)
			c.Zones = append(c.Zones, zoneCarte{Cle: d.Code, Nom: d.Nom, Valeur: v, Chemin: ct.Chemin, Fill: fill, k: 1})
		}
		c.Desc = fmt.Sprintf("Départements de l'académie colorés selon le taux de couverture des établissements, en %d classes ; les valeurs figurent dans le tableau qui suit.", len(carteClasses))
	case model.IndCouvertureAcad:
		var outre []refdata.Academie
		for _, a := range refdata.Academies() {
			ct, ok := refdata.ContourAcademie(a.Code)
			if !ok {
				continue
			}
			if ct.OutreMer {
				outre = append(outre, a)
				continue
			}
			grow(ct)
			fill, v := value(a.Nom, a.Code)
			c.Zones = append(c.Zones, zoneCarte{Cle: a.Code, Nom: a.Nom, Valeur: v, Chemin: ct.Chemin, Fill: fill, k: 1})
		}
		// The overseas académies in a row of insets under metropolitan France.
		y := y1 + encartEcart
		for i, a := range outre {
			ct, _ := refdata.ContourAcademie(a.Code)
			x := x0 + float64(i)*(encartTaille+encartEcart)
			inner := encartTaille - 2*carteMarge - 40 // room for the name
			k := min(inner/(ct.X1-ct.X0), inner/(ct.Y1-ct.Y0))
			dx := x + carteMarge + (inner-k*(ct.X1-ct.X0))/2 - k*ct.X0
			dy := y + 40 + carteMarge + (inner-k*(ct.Y1-ct.Y0))/2 - k*ct.Y0
			fill, v := value(a.Nom, a.Code)
			c.Zones = append(c.Zones, zoneCarte{Cle: a.Code, Nom: a.Nom, Valeur: v, Chemin: ct.Chemin, Fill: fill, k: k, dx: dx, dy: dy,
				Transform: "translate(" + carteNum(dx) + " " + carteNum(dy) + ") scale(" + carteNum(k) + ")"})
			c.Encarts = append(c.Encarts, encartCarte{X: x, Y: y, W: encartTaille, H: encartTaille, Nom: a.Nom})
		}
		if len(outre) > 0 {
			x1 = max(x1, x0+float64(len(outre))*(encartTaille+encartEcart)-encartEcart)
			y1 = y + encartTaille
		}
		c.Desc = fmt.Sprintf("Académies colorées selon le taux de couverture des établissements, en %d classes ; les cinq académies d'outre-mer en encarts sous la métropole, chacune à sa propre échelle ; les valeurs figurent dans le tableau qui suit.", len(carteClasses))
	default:
		return c, false
	}
	if len(c.Zones) == 0 {
		return c, false
	}
	c.largeur = x1 - x0 + 2*carteMarge
	c.ViewBox = fmt.Sprintf("%s %s %s %s", carteNum(x0-carteMarge), carteNum(y0-carteMarge), carteNum(x1-x0+2*carteMarge), carteNum(y1-y0+2*carteMarge))
	return c, true
}

func carteNum(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
