package importer

import (
	"slices"
	"strings"
	"testing"
)

// The mapping of a register: guessed from the headers, changed by the
// person's choice (a column not understood given a field, a guessed one
// ignored), the unknown columns listed and never dropped silently.
func TestCorrespondance(t *testing.T) {
	fichier := []byte("Nom;Prénom;Mél pro;Remarques;Employeur;Zone\nDupré;Hélène;h.dupre@exemple.fr;RAS;Airbus;Nord\n")
	rap, err := Lire("registre.csv", fichier)
	if err != nil {
		t.Fatal(err)
	}
	want := []ColonneLue{{"Nom", "Nom", false}, {"Prénom", "Prenom", false}, {"Mél pro", "Email", false},
		{"Remarques", "", false}, {"Employeur", "Entreprise", false}, {"Zone", "", false}}
	if !slices.Equal(rap.Correspondance, want) {
		t.Errorf("devinée : %v\nwant %v", rap.Correspondance, want)
	}
	if !slices.Equal(rap.ColonnesInconnues, []string{"Remarques", "Zone"}) || !rap.Correspondance[3].Inconnue() {
		t.Errorf("colonnes inconnues : %v", rap.ColonnesInconnues)
	}

	corr := Correspondance{CleEntete("ZONE"): "Secteur", CleEntete("employeur"): ""}
	rap, err = LireAvec("registre.csv", fichier, corr)
	if err != nil {
		t.Fatal(err)
	}
	want[4], want[5] = ColonneLue{"Employeur", "", true}, ColonneLue{"Zone", "Secteur", true}
	if !slices.Equal(rap.Correspondance, want) {
		t.Errorf("choisie : %v\nwant %v", rap.Correspondance, want)
	}
	if !slices.Equal(rap.ColonnesInconnues, []string{"Remarques"}) {
		t.Errorf("colonnes inconnues après le choix : %v, want Remarques only (Employeur is ignored by choice)", rap.ColonnesInconnues)
	}
	if l := rap.Lignes[0]; l.Secteur != "Nord" || l.Entreprise != "" {
		t.Errorf("ligne lue avec le choix : secteur %q, entreprise %q", l.Secteur, l.Entreprise)
	}

	// A mandatory field given by choice to a column nobody would guess.
	rap, err = LireAvec("registre.csv", []byte("Nom;Prénom;Contact\nDupré;Hélène;h.dupre@exemple.fr\n"), Correspondance{CleEntete("Contact"): "Email"})
	if err != nil || len(rap.Lignes) != 1 || rap.Lignes[0].Email != "h.dupre@exemple.fr" {
		t.Errorf("courriel choisi : %v, %+v", err, rap.Lignes)
	}
	if err := VerifierCorrespondance(Correspondance{"contact": "Adresse"}, ChampsConseillers()); err == nil || !strings.Contains(err.Error(), "champ « Adresse » inconnu") {
		t.Errorf("champ inconnu : %v", err)
	}
}

func TestLireChoix(t *testing.T) {
	ch, err := LireChoix([]byte("type;valeur;choix\ncolonne;Mél pro;Email\ncolonne;Remarques;ignorer\norganisation;UIMM  Occitanie;12\norganisation;Fédération du paysage;creer\n"), ChampsConseillers())
	if err != nil {
		t.Fatal(err)
	}
	if ch.Colonnes["mel pro"] != "Email" || f(ch.Colonnes, "remarques") != "(ignorer)" || ch.Organisations["uimm occitanie"] != "12" || ch.Organisations["federation du paysage"] != ChoixCreer {
		t.Errorf("choix lus : %+v", ch)
	}
	for in, want := range map[string]string{
		"colonne;Mél;Adresse\n":             "ligne 1 : champ « Adresse » inconnu",
		"organisation;UIMM;peut-être\n":     "ligne 1 : pour « UIMM », indiquez le numéro",
		"ligne;x;y\n":                       "ligne 1 : type « ligne » inconnu",
		"colonne;Nom;Nom\ncolonne;;Email\n": "ligne 2 : la deuxième cellule",
	} {
		if _, err := LireChoix([]byte(in), ChampsConseillers()); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q : %v, want %q", in, err, want)
		}
	}
}

func f(c Correspondance, k string) string {
	v, ok := c[k]
	if ok && v == "" {
		return "(ignorer)"
	}
	return v
}

func TestProches(t *testing.T) {
	noms := []string{"MEDEF Haute-Garonne", "UIMM Occitanie", "CPME 31", "Chambre de métiers de la Haute-Garonne"}
	if got := Proches("Medef 31", noms, 3); !slices.Equal(got, []int{0, 2}) {
		t.Errorf("Medef 31 : %v", got)
	}
	if got := Proches("U.I.M.M. Occitanie", noms, 3); len(got) == 0 || got[0] != 1 {
		t.Errorf("U.I.M.M. Occitanie : %v", got)
	}
	if got := Proches("Fédération du paysage", noms, 3); len(got) != 0 {
		t.Errorf("rien de proche : %v", got)
	}
}
