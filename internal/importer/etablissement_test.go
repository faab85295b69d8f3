package importer_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"cee/internal/importer"
	"cee/internal/model"
)

// annuaireDesordonne is an Annuaire as it may arrive: BOM, CRLF, quoted
// fields holding ";" and doubled quotes, columns the import does not know,
// empty coordinates, and one bad line of each kind. The comment gives the
// line number in the file.
var annuaireDesordonne = "\uFEFF" + strings.Join([]string{
	/* 1 */ `Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Adresse_1;Code_postal;Code_commune;Nom_commune;Code_departement;Code_academie;Colonne_surprise;latitude;longitude;Voie_generale;Voie_technologique;Voie_professionnelle;Lycee_des_metiers;Appartenance_Education_Prioritaire;etat;code_nature;libelle_nature`,
	/* 2 */ `0310036W;"Lycée général Pierre de Fermat; cité scolaire";Lycée;Public;"Parvis des Jacobins";31000;31555;Toulouse;031;16;"a;b";43.6033;1.4399;1;1;0;0;;OUVERT;302;LYCEE D ENSEIGNEMENT GENERAL`,
	/* 3 */ `0301326D;"Collège André ""Chamson""";Collège;Public;Avenue du Mont Aigoual;30120;30350;Le Vigan;030;11;;;;0;0;0;0;REP;OUVERT;340;COLLEGE`,
	/* 4 */ `0310001B;Lycée à la mauvaise lettre;Lycée;Public;;31000;31555;Toulouse;031;16;;;;0;0;1;0;;OUVERT;320;LYCEE PROFESSIONNEL`,
	/* 5 */ `0311500M;Collège d'une académie inconnue;Collège;Public;;31000;31555;Toulouse;031;99;;;;0;0;0;0;;OUVERT;340;COLLEGE`,
	/* 6 */ `0310036W;Lycée Pierre de Fermat (doublon);Lycée;Public;;31000;31555;Toulouse;031;16;;43.6033;1.4399;1;1;0;0;;OUVERT;302;LYCEE D ENSEIGNEMENT GENERAL`,
	/* 7 */ `0312000F;École élémentaire Jules Ferry;Ecole;Public;;31000;31555;Toulouse;031;16;;43.6;1.4;;;;;;OUVERT;151;ECOLE DE NIVEAU ELEMENTAIRE`,
	/* 8 */ `0312001G;;Collège;Public;;31000;31555;Toulouse;031;16;;;;0;0;0;0;;OUVERT;340;COLLEGE`,
	/* 9 */ `0312002H;Lycée professionnel fermé;Lycée;Privé;;31700;31069;Blagnac;031;16;;43.64;1.38;0;0;1;1;;FERME;320;LYCEE PROFESSIONNEL`,
	/* 10 */ `0312003J;Collège d'une commune inconnue;Collège;Public;;31000;31999;Nulle-Part;031;16;;;;0;0;0;0;;OUVERT;340;COLLEGE`,
	/* 11 */ `0312004K;Collège de Polynésie;Collège;Public;;98714;98736;Papeete;987;41;;;;0;0;0;0;;OUVERT;340;COLLEGE`,
	/* 12 */ ``,
	/* 13 */ `0341234G;Lycée tronq`,
}, "\r\n")

func TestLireAnnuaireDesordonne(t *testing.T) {
	a, err := importer.LireAnnuaire(strings.NewReader(annuaireDesordonne))
	if err != nil {
		t.Fatal(err)
	}
	want := []importer.Erreur{
		{4, "Identifiant_de_l_etablissement", "UAI 0310001B invalide : la lettre de contrôle attendue est H"},
		{5, "Code_academie", "académie 99 inconnue : le code doit être celui d'une des 30 académies, par exemple 16 pour Toulouse"},
		{6, "Identifiant_de_l_etablissement", "UAI 0310036W en double : déjà lu ligne 2, cette ligne est écartée"},
		{8, "Nom_etablissement", "nom de l'établissement manquant"},
		{10, "Code_commune", "commune 31999 inconnue : ce n'est pas un code INSEE de commune en vigueur"},
		{13, "", "ligne incomplète : 2 colonne(s) au lieu de 21 ; si c'est la dernière ligne, le fichier est sans doute tronqué : téléchargez-le de nouveau"},
	}
	if len(a.Erreurs) != len(want) {
		t.Fatalf("erreurs:\n%v\nwant\n%v", a.Erreurs, want)
	}
	for i := range want {
		if a.Erreurs[i] != want[i] {
			t.Errorf("erreur %d = %+v\nwant %+v", i, a.Erreurs[i], want[i])
		}
	}
	if a.Lues != 11 || a.Ignorees != 2 || a.Rejetees() != 6 || len(a.Etablissements) != 3 {
		t.Fatalf("lues %d, ignorées %d, rejetées %d, gardées %d", a.Lues, a.Ignorees, a.Rejetees(), len(a.Etablissements))
	}
	if got := strings.Join(a.ColonnesInconnues, ","); got != "Colonne_surprise" {
		t.Errorf("colonnes inconnues %q", got)
	}
	if got := a.Lignes; len(got) != 3 || got[0] != 2 || got[1] != 3 || got[2] != 9 {
		t.Errorf("lignes %v", got)
	}
	fermat, chamson, ferme := a.Etablissements[0], a.Etablissements[1], a.Etablissements[2]
	if fermat.UAI != "0310036W" || fermat.Nom != "Lycée général Pierre de Fermat; cité scolaire" || fermat.Type != model.Lycee ||
		fermat.Statut != "public" || fermat.Departement != "31" || fermat.Academie != "16" || fermat.CodeCommune != "31555" ||
		fermat.Latitude == nil || *fermat.Latitude != 43.6033 || *fermat.Longitude != 1.4399 || !fermat.VoieGenerale ||
		!fermat.VoieTechnologique || fermat.VoieProfessionnelle || fermat.Nature != "302" || fermat.Ferme {
		t.Errorf("Fermat: %+v", fermat)
	}
	if chamson.Nom != `Collège André "Chamson"` || chamson.Type != model.College || chamson.Latitude != nil || chamson.Longitude != nil ||
		chamson.EducationPrioritaire != "REP" || chamson.Departement != "30" || chamson.NomCommune != "Le Vigan" {
		t.Errorf("Chamson: %+v", chamson)
	}
	if !ferme.Ferme || ferme.Statut != "prive" || !ferme.VoieProfessionnelle || !ferme.LyceeDesMetiers || ferme.DateFermeture != nil {
		t.Errorf("fermé: %+v", ferme)
	}
}

// The same file with LF line ends and without BOM, then in Windows-1252,
// reads the same.
func TestLireAnnuaireEncodages(t *testing.T) {
	lf := strings.ReplaceAll(strings.TrimPrefix(annuaireDesordonne, "\uFEFF"), "\r\n", "\n")
	cp1252, err := charmap.Windows1252.NewEncoder().String(lf)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"LF sans BOM": lf, "Windows-1252": cp1252} {
		a, err := importer.LireAnnuaire(strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Etablissements) != 3 || a.Rejetees() != 6 || a.Etablissements[1].Nom != `Collège André "Chamson"` {
			t.Errorf("%s: %d gardés, %d rejetés, %+v", name, len(a.Etablissements), a.Rejetees(), a.Etablissements)
		}
	}
}

func TestLireAnnuaireGuillemetNonFerme(t *testing.T) {
	text := "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Code_commune;Code_academie\n" +
		"0310036W;Lycée Pierre de Fermat;Lycée;31555;16\n" +
		"0301326D;\"Collège André Cham"
	a, err := importer.LireAnnuaire(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Etablissements) != 1 || len(a.Erreurs) != 1 || a.Erreurs[0].Ligne != 3 ||
		!strings.Contains(a.Erreurs[0].Message, "sans doute tronqué") {
		t.Fatalf("%+v", a)
	}
}

// An unbalanced quote on line 2 used to swallow 1,999 lines with « rejetés
// 1 » (issue 20): now it costs line 2, said so, and the totals add up to
// the lines of the file.
func TestLireAnnuaireGuillemetLigne2(t *testing.T) {
	var b strings.Builder
	b.WriteString("Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Code_commune;Code_academie\n")
	b.WriteString("0310036W;\"Lycée Pierre de Fermat;Lycée;31555;16\n")
	for i := 3; i <= 2000; i++ {
		b.WriteString("0312000F;École;Ecole;31555;16\n")
	}
	b.WriteString("0301326D;\"Collège André Chamson\";Collège;30350;11\n")
	a, err := importer.LireAnnuaire(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if a.Lues != 2000 || a.Rejetees() != 1 || a.Ignorees != 1998 || len(a.Etablissements) != 1 ||
		a.Lues != a.Rejetees()+a.Ignorees+len(a.Etablissements) {
		t.Errorf("lues %d, rejetées %d, ignorées %d, gardées %d", a.Lues, a.Rejetees(), a.Ignorees, len(a.Etablissements))
	}
	if len(a.Erreurs) != 1 || a.Erreurs[0].Ligne != 2 || !strings.Contains(a.Erreurs[0].Message, "guillemet (\") non fermé — la ligne 2 n'a pas pu être lue") {
		t.Errorf("erreurs %+v", a.Erreurs)
	}

	// Never closed, with lines that do not look like records after it:
	// each line lost is counted and rejected.
	a, err = importer.LireAnnuaire(strings.NewReader("Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Code_commune;Code_academie\n" +
		"0310036W;\"Lycée Pierre de Fermat;Lycée;31555;16\nnote\nautre note\n"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Lues != 3 || a.Rejetees() != 3 || !strings.Contains(a.Erreurs[0].Message, "les lignes 2 à 4 n'ont pas pu être lues") {
		t.Errorf("lues %d, rejetées %d, %+v", a.Lues, a.Rejetees(), a.Erreurs)
	}
}

// One byte that is not UTF-8 in a UTF-8 file: the file stays UTF-8 (its
// headers and accents read), the line is rejected with the cause; a missing
// column lists the columns read.
func TestLireAnnuaireOctetInvalide(t *testing.T) {
	text := "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Code_commune;Code_academie\n" +
		"0310036W;Lycée Pierre de Fermat;Lycée;31555;16\n" +
		"0311126F;Collège Bellefontaine;Collège;31555;16\n" +
		"0301326D;Coll\xe8ge André Chamson;Collège;30350;11\n"
	a, err := importer.LireAnnuaire(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if a.Encodage != importer.UTF8 || len(a.Etablissements) != 2 || a.Etablissements[0].Nom != "Lycée Pierre de Fermat" ||
		len(a.Erreurs) != 1 || a.Erreurs[0].Ligne != 4 || a.Erreurs[0].Colonne != "Nom_etablissement" ||
		!strings.Contains(a.Erreurs[0].Message, "caractère invalide") {
		t.Errorf("%s %+v %+v", a.Encodage, a.Etablissements, a.Erreurs)
	}
	_, err = importer.LireAnnuaire(strings.NewReader("UAI;Nom;Type_etablissement;Code_commune;Code_academie\n0310036W;Lycée;Lycée;31555;16\n"))
	if err == nil || !strings.Contains(err.Error(), "colonne(s) Nom_etablissement introuvable(s) ; colonnes lues : « UAI », « Nom », « Type_etablissement »") {
		t.Errorf("err = %v", err)
	}
}

func TestLireAnnuaireFichierRefuse(t *testing.T) {
	for name, text := range map[string]string{
		"vide":            "",
		"sans UAI":        "Nom_etablissement;Type_etablissement;Code_commune;Code_academie\nLycée;Lycée;31555;16\n",
		"registre de CEE": "Nom;Prénom;E-mail\nDupré;Hélène;h.dupre@exemple.fr\n",
		"classeur":        "PK\x03\x04binaire",
	} {
		_, err := importer.LireAnnuaire(strings.NewReader(text))
		var ef importer.ErreurFichier
		if !errors.As(err, &ef) {
			t.Errorf("%s: %v, want an ErreurFichier", name, err)
		}
	}
}

// Real extracts of the published file (kept in testdata so that the tests do
// not depend on anything outside the repository): the current layout
// (Occitanie, LF) and the 2023 one (Ille-et-Vilaine, CRLF, « Code postal »).
func TestLireAnnuaireExtraitsReels(t *testing.T) {
	tests := []struct {
		file                    string
		lues, gardes, ignorees  int
		uai, nom, commune, cp   string
		typ                     model.TypeEtablissement
		lat                     float64
		multi                   string // a UAI published on two lines
		multiType               model.TypeEtablissement
		multiGenerale, multiPro bool
		inconnues               int
	}{
		{"annuaire-occitanie-extrait.csv", 305, 80, 225, "0310036W", "Lycée général Pierre de Fermat", "31555", "31068",
			model.Lycee, 43.6033, "0342266D", model.Lycee, true, false, 51},
		{"annuaire-ille-et-vilaine-extrait.csv", 152, 15, 137, "0350014A", "", "", "",
			"", 0, "0352072M", model.Lycee, true, true, 48},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			a, err := importer.LireAnnuaire(f)
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Erreurs) != 0 {
				t.Errorf("erreurs: %v", a.Erreurs)
			}
			if a.Lues != tt.lues || len(a.Etablissements) != tt.gardes || a.Ignorees != tt.ignorees || len(a.ColonnesInconnues) != tt.inconnues {
				t.Errorf("lues %d, gardées %d, ignorées %d, colonnes inconnues %d", a.Lues, len(a.Etablissements), a.Ignorees, len(a.ColonnesInconnues))
			}
			byUAI := map[string]model.Etablissement{}
			for _, e := range a.Etablissements {
				byUAI[e.UAI] = e
				if e.Academie == "" || e.Departement == "" || e.CodeCommune == "" || e.Nom == "" || e.Type == "" {
					t.Errorf("incomplet: %+v", e)
				}
			}
			if tt.nom != "" {
				e := byUAI[tt.uai]
				if e.Nom != tt.nom || e.CodeCommune != tt.commune || e.CodePostal != tt.cp || e.Type != tt.typ ||
					e.Latitude == nil || *e.Latitude < tt.lat-0.001 || *e.Latitude > tt.lat+0.001 {
					t.Errorf("%s: %+v", tt.uai, e)
				}
			}
			if m := byUAI[tt.multi]; m.Type != tt.multiType || m.VoieGenerale != tt.multiGenerale || m.VoieProfessionnelle != tt.multiPro {
				t.Errorf("multi-lignes %s: %+v", tt.multi, m)
			}
		})
	}
}

// The reading streams: a file far larger than what is kept is read with
// the kept lines only.
func TestLireAnnuaireFlux(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Code_commune;Code_academie;Commentaire\n")
	for i := 0; i < 20000; i++ {
		b.WriteString("0312000F;École;Ecole;31555;16;" + strings.Repeat("x", 200) + "\n")
	}
	// Past the sample that tells the encoding, a line in Windows-1252.
	b.WriteString("0310036W;Lyc\xe9e Pierre de Fermat;Lycée;31555;16;\n")
	a, err := importer.LireAnnuaire(&b)
	if err != nil || len(a.Etablissements) != 0 || a.Ignorees != 20000 {
		t.Fatalf("%v %d %d", err, len(a.Etablissements), a.Ignorees)
	}
	// The file is UTF-8: that line is rejected, not imported with a hole.
	if len(a.Erreurs) != 1 || a.Erreurs[0].Ligne != 20002 || !strings.Contains(a.Erreurs[0].Message, "caractère invalide") {
		t.Errorf("erreurs %+v", a.Erreurs)
	}
}

// The other published dataset, « Adresse et géolocalisation des
// établissements », has other headers and no Type_etablissement: the nature
// code tells the kind, and the vice-rectorats (41, Nouvelle-Calédonie) are
// ignored.
func TestLireAdresseGeolocalisation(t *testing.T) {
	f, err := os.Open("testdata/adresse-geolocalisation-colleges-extrait.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := importer.LireAnnuaire(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Erreurs) != 0 || len(a.Etablissements) != 60 || a.Ignorees != 2 {
		t.Fatalf("%d gardés, %d ignorés, erreurs %v", len(a.Etablissements), a.Ignorees, a.Erreurs)
	}
	e := a.Etablissements[0]
	if e.UAI != "0071168G" || e.Nom != "Collège privé Charles de Foucauld" || e.Type != model.College || e.Statut != "prive" ||
		e.CodeCommune != "07129" || e.CodePostal != "07270" || e.Departement != "07" || e.Academie != "08" || e.Latitude == nil {
		t.Errorf("%+v", e)
	}
}
