package refdata

import "testing"

func TestLibelles(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) string
		code string
		want string
	}{
		{"académie", LibelleAcademie, "16", "Toulouse"},
		{"académie sur un chiffre", LibelleAcademie, "4", "Bordeaux"},
		{"département", LibelleDepartement, "81", "Tarn (81)"},
		{"département BCN", LibelleDepartement, "031", "Haute-Garonne (31)"},
		{"commune", LibelleCommune, "81004", "Albi (81)"},
		{"nom de commune", NomCommune, "81004", "Albi"},
		{"sous-classe NAF", LibelleNAF, "10.71C", "Boulangerie et boulangerie-pâtisserie (NAF 10.71C)"},
		{"NAF sans point", LibelleNAF, "1071c", "Boulangerie et boulangerie-pâtisserie (NAF 10.71C)"},
		{"section NAF", LibelleNAF, "F", "Construction (NAF F)"},
		{"diplôme", LibelleDiplome, "50022137", "CAP Boulanger"},
		{"famille de métiers", LibelleFamille, "40022107", "Métiers de l'alimentation"},
		{"métier ROME", LibelleMetier, "d1102", "Boulanger / Boulangère"},
		{"métier en mots", LibelleMetier, "chef de chantier", "chef de chantier"},
		{"domaine ROME", LibelleDomaineMetier, "D11", "Commerce alimentaire et métiers de bouche"},
		{"convention collective", LibelleConvention, "16", "Transports routiers et activités auxiliaires du transport (IDCC 0016)"},
		{"code inconnu", LibelleDiplome, "99999999", "99999999"},
		{"vide", LibelleCommune, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fn(tt.code); got != tt.want {
				t.Errorf("%q: %q, want %q", tt.code, got, tt.want)
			}
		})
	}
}

func TestMetiers(t *testing.T) {
	if n := len(metiers().list); n != 1584 {
		t.Errorf("%d fiches ROME, want 1584 (version 60)", n)
	}
	m, ok := MetierByCode("M1855")
	if !ok || m.Parent != "M1805" {
		t.Errorf("M1855: %+v, %v; want the parent M1805", m, ok)
	}
	if _, ok := MetierByCode("Z9999"); ok {
		t.Error("Z9999 found")
	}
}
