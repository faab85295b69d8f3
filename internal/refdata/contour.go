package refdata

import (
	"strconv"
	"sync"
)

// Contour is the outline of a département or an académie, projected and
// simplified for drawing (see scripts/carte): an SVG path in units of
// 500 m, y pointing down. Metropolitan outlines share one frame (Lambert-93);
// each overseas territory (OutreMer) has its own frame, to be drawn as an
// inset.
type Contour struct {
	Code     string
	OutreMer bool
	// X0, Y0, X1, Y1 bound the path.
	X0, Y0, X1, Y1 float64
	// Chemin is the SVG path data (« M… l… z »).
	Chemin string
}

type contours struct{ departements, academies map[string]Contour }

var contoursTable = sync.OnceValue(func() contours {
	t := contours{departements: map[string]Contour{}, academies: map[string]Contour{}}
	readCSV("contours.csv", []string{"niveau", "code", "outre_mer", "x0", "y0", "x1", "y1", "chemin"}, func(r []string) {
		c := Contour{Code: r[1], OutreMer: r[2] == "1", Chemin: r[7]}
		for i, p := range []*float64{&c.X0, &c.Y0, &c.X1, &c.Y1} {
			v, err := strconv.ParseFloat(r[3+i], 64)
			if err != nil {
				panic("refdata: contours.csv: " + err.Error())
			}
			*p = v
		}
		switch r[0] {
		case "departement":
			t.departements[c.Code] = c
		case "academie":
			t.academies[c.Code] = c
		default:
			panic("refdata: contours.csv: niveau " + r[0])
		}
	})
	return t
})

// ContourDepartement is a département's outline, from its INSEE code (the
// 3-character form is accepted, as by DepartementByCode).
func ContourDepartement(code string) (Contour, bool) {
	c, ok := contoursTable().departements[normDepartement(code)]
	return c, ok
}

// ContourAcademie is an académie's outline.
func ContourAcademie(code string) (Contour, bool) {
	a, ok := AcademieByCode(code)
	if !ok {
		return Contour{}, false
	}
	c, ok := contoursTable().academies[a.Code]
	return c, ok
}
