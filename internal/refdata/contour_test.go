package refdata

import (
	"strings"
	"testing"
)

// Every département and académie has an outline, in the frame its territory
// says, and the metropolitan frame puts Brittany west of Alsace and Lille
// north of Marseille.
func TestContours(t *testing.T) {
	for _, d := range Departements() {
		c, ok := ContourDepartement(d.Code)
		if !ok || !strings.HasPrefix(c.Chemin, "M") || !strings.HasSuffix(c.Chemin, "z") || c.X1 <= c.X0 || c.Y1 <= c.Y0 {
			t.Errorf("département %s: %v %+v", d.Code, ok, c.X0)
		}
		if c.OutreMer != strings.HasPrefix(d.Code, "97") {
			t.Errorf("département %s: outre-mer %v", d.Code, c.OutreMer)
		}
	}
	for _, a := range Academies() {
		c, ok := ContourAcademie(a.Code)
		if !ok || c.X1 <= c.X0 {
			t.Errorf("académie %s: %v", a.Code, ok)
		}
		deps := DepartementsOfAcademie(a.Code)
		if d, _ := ContourDepartement(deps[0].Code); d.OutreMer != c.OutreMer {
			t.Errorf("académie %s and its département %s in different frames", a.Code, deps[0].Code)
		}
	}
	if c, _ := ContourDepartement("031"); c.Code != "31" {
		t.Errorf("031: %q", c.Code)
	}
	bzh, _ := ContourDepartement("29")
	als, _ := ContourDepartement("67")
	nord, _ := ContourDepartement("59")
	bdr, _ := ContourDepartement("13")
	if bzh.X1 >= als.X0 || nord.Y1 >= bdr.Y0 {
		t.Errorf("frame: Finistère %v–%v, Bas-Rhin %v–%v, Nord %v–%v, Bouches-du-Rhône %v–%v", bzh.X0, bzh.X1, als.X0, als.X1, nord.Y0, nord.Y1, bdr.Y0, bdr.Y1)
	}
}
