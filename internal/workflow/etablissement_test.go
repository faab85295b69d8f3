package workflow_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"cee/internal/importer"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

// annuaire is a messy Annuaire: BOM, CRLF, a quoted name holding ";" and
// doubled quotes, an unknown column, empty coordinates, a closed school, an
// école (ignored) and five bad lines, the last one truncated.
var annuaire = "\uFEFF" + strings.Join([]string{
	`Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Code_postal;Code_commune;Nom_commune;Code_departement;Code_academie;Nombre_d_eleves;latitude;longitude;Voie_professionnelle;etat`,
	`0310036W;"Lycée ""Pierre de Fermat""; Toulouse";Lycée;Public;31000;31555;Toulouse;031;16;1200;43.6033;1.4399;0;OUVERT`,
	`0301326D;Collège André Chamson;Collège;Public;30120;30350;Le Vigan;030;11;;;;0;OUVERT`,
	`0312002H;Lycée professionnel fermé;Lycée;Privé;31700;31069;Blagnac;031;16;;43.64;1.38;1;FERME`,
	`0312000F;École élémentaire Jules Ferry;Ecole;Public;31000;31555;Toulouse;031;16;;;;;OUVERT`,
	`0310001B;Lycée à la mauvaise lettre;Lycée;Public;31000;31555;Toulouse;031;16;;;;1;OUVERT`,
	`0311500M;Collège d'une académie inconnue;Collège;Public;31000;31555;Toulouse;031;99;;;;0;OUVERT`,
	`0310036W;Lycée Pierre de Fermat (doublon);Lycée;Public;31000;31555;Toulouse;031;16;;;;0;OUVERT`,
	`0312001G;;Collège;Public;31000;31555;Toulouse;031;16;;;;0;OUVERT`,
	`0341234G;Lycée tronq`,
}, "\r\n")

func TestImportEtablissements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		imp := func(text string, o workflow.ImportEtablissementsOptions) workflow.ImportEtablissementsResult {
			t.Helper()
			res, err := workflow.ImportEtablissements(ctx, s, strings.NewReader(text), o)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		count := func() int {
			_, n, _ := s.ListEtablissements(ctx, store.EtablissementFilter{})
			return n
		}
		res := imp(annuaire, workflow.ImportEtablissementsOptions{DryRun: true})
		if res.String() != "importés: 3, mis à jour: 0, inchangés: 0, rejetés: 5" || res.Ecrit || count() != 0 {
			t.Fatalf("dry run: %s, écrit %v, %d rows", res, res.Ecrit, count())
		}
		res = imp(annuaire, workflow.ImportEtablissementsOptions{})
		if res.String() != "importés: 3, mis à jour: 0, inchangés: 0, rejetés: 5" || !res.Ecrit || res.Ignores != 1 || res.Lues != 9 || count() != 3 {
			t.Fatalf("import: %s, écrit %v, %d ignorés, %d lues, %d rows", res, res.Ecrit, res.Ignores, res.Lues, count())
		}
		var motifs []string
		for _, e := range res.Erreurs {
			motifs = append(motifs, fmt.Sprintf("%d;%s;%s", e.Ligne, e.Colonne, e.Message))
		}
		want := []string{
			"6;Identifiant_de_l_etablissement;UAI 0310001B invalide : la lettre de contrôle attendue est H",
			"7;Code_academie;académie 99 inconnue : le code doit être celui d'une des 30 académies, par exemple 16 pour Toulouse",
			"8;Identifiant_de_l_etablissement;UAI 0310036W en double : déjà lu ligne 2, cette ligne est écartée",
			"9;Nom_etablissement;nom de l'établissement manquant",
			"10;;ligne incomplète : 2 colonne(s) au lieu de 14 ; si c'est la dernière ligne, le fichier est sans doute tronqué : téléchargez-le de nouveau",
		}
		if strings.Join(motifs, "\n") != strings.Join(want, "\n") {
			t.Errorf("motifs:\n%s\nwant\n%s", strings.Join(motifs, "\n"), strings.Join(want, "\n"))
		}
		fermat, err := s.GetEtablissement(ctx, "0310036W")
		if err != nil || fermat.Nom != `Lycée "Pierre de Fermat"; Toulouse` || fermat.Latitude == nil || fermat.Ferme {
			t.Errorf("Fermat: %+v %v", fermat, err)
		}
		if ferme, _ := s.GetEtablissement(ctx, "0312002H"); !ferme.Ferme || ferme.Statut != "prive" || !ferme.VoieProfessionnelle {
			t.Errorf("closed school: %+v", ferme)
		}
		if chamson, _ := s.GetEtablissement(ctx, "0301326D"); chamson.Latitude != nil || chamson.Academie != "11" {
			t.Errorf("no coordinates: %+v", chamson)
		}
		entries, _, err := s.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditImport})
		if err != nil || len(entries) != 1 || entries[0].ObjetType != "etablissements" || !strings.Contains(entries[0].Detail, "ignorés: 1") {
			t.Errorf("journal: %+v %v", entries, err)
		}

		// The same file again: everything unchanged.
		res = imp(annuaire, workflow.ImportEtablissementsOptions{})
		if res.String() != "importés: 0, mis à jour: 0, inchangés: 3, rejetés: 5" {
			t.Errorf("re-import: %s", res)
		}
		// The school reopens.
		res = imp(strings.Replace(annuaire, "1;FERME", "1;OUVERT", 1), workflow.ImportEtablissementsOptions{})
		if res.String() != "importés: 0, mis à jour: 1, inchangés: 2, rejetés: 5" {
			t.Errorf("reopened: %s", res)
		}

		// A real extract, twice.
		extrait, err := os.ReadFile("../importer/testdata/annuaire-occitanie-extrait.csv")
		if err != nil {
			t.Fatal(err)
		}
		res = imp(string(extrait), workflow.ImportEtablissementsOptions{})
		if res.String() != "importés: 78, mis à jour: 2, inchangés: 0, rejetés: 0" || res.Ignores != 225 {
			t.Errorf("real extract: %s, %d ignorés", res, res.Ignores)
		}
		res = imp(string(extrait), workflow.ImportEtablissementsOptions{})
		if res.String() != "importés: 0, mis à jour: 0, inchangés: 80, rejetés: 0" {
			t.Errorf("real extract again: %s", res)
		}

		// A cancelled import writes nothing.
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := workflow.ImportEtablissements(cctx, s, bytes.NewReader(annuaireGenere(2000)), workflow.ImportEtablissementsOptions{}); err == nil {
			t.Error("cancelled import: no error")
		}
		if n := count(); n != 81 {
			t.Errorf("after a cancelled import: %d rows, want 81", n)
		}

		// A file that is no Annuaire stops at once.
		if _, err := workflow.ImportEtablissements(ctx, s, strings.NewReader("Nom;Prénom\nDupré;Hélène\n"), workflow.ImportEtablissementsOptions{}); err == nil {
			t.Error("a register of CEE is accepted as an Annuaire")
		}
	})
}

// enteteAnnuaire is the header of the published file (current layout, 72
// columns).
const enteteAnnuaire = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Adresse_1;Adresse_2;Adresse_3;" +
	"Code_postal;Code_commune;Nom_commune;Code_departement;Code_academie;Code_region;Ecole_maternelle;Ecole_elementaire;Voie_generale;" +
	"Voie_technologique;Voie_professionnelle;Telephone;Fax;Web;Mail;Restauration;Hebergement;ULIS;Apprentissage;Segpa;Section_arts;" +
	"Section_cinema;Section_theatre;Section_sport;Section_internationale;Section_europeenne;Lycee_Agricole;Lycee_militaire;" +
	"Lycee_des_metiers;Post_BAC;Appartenance_Education_Prioritaire;GRETA;SIREN_SIRET;Nombre_d_eleves;Fiche_onisep;position;" +
	"Type_contrat_prive;Libelle_departement;Libelle_academie;Libelle_region;coordX_origine;coordY_origine;epsg_origine;" +
	"nom_circonscription;latitude;longitude;precision_localisation;date_ouverture;date_maj_ligne;etat;ministere_tutelle;multi_uai;" +
	"rpi_concentre;rpi_disperse;code_nature;libelle_nature;Code_type_contrat_prive;PIAL;etablissement_mere;" +
	"type_rattachement_etablissement_mere;code_circonscription;code_zone_animation_pedagogique;libelle_zone_animation_pedagogique;" +
	"code_bassin_formation;libelle_bassin_formation"

// annuaireGenere writes an Annuaire of n collèges and lycées spread over
// the communes of every département, in the published layout (BOM, ";",
// 72 columns, about 700 bytes a line): every line is kept, the worst case
// for the database.
func annuaireGenere(n int) []byte {
	var deps []refdata.Departement
	communes := map[string][]refdata.Commune{}
	for _, d := range refdata.Departements() {
		if cs := refdata.CommunesOfDepartement(d.Code); len(cs) > 0 {
			deps = append(deps, d)
			communes[d.Code] = cs
		}
	}
	var b bytes.Buffer
	b.Grow(n * 750)
	b.WriteString("\uFEFF" + enteteAnnuaire + "\r\n")
	cols := strings.Count(enteteAnnuaire, ";") + 1
	for i := 0; i < n; i++ {
		d := deps[i%len(deps)]
		seq := i / len(deps)
		var prefix string
		switch {
		case d.Code == "2A":
			prefix = "620"
		case d.Code == "2B":
			prefix = "720"
		case len(d.Code) == 3:
			prefix = d.Code
		default:
			prefix = "0" + d.Code
		}
		digits := fmt.Sprintf("%s%04d", prefix, seq%10000)
		letter, _ := refdata.UAICheckLetter(digits)
		c := communes[d.Code][seq%len(communes[d.Code])]
		typ, nature, libelle, nom := "Collège", "340", "COLLEGE", "Collège"
		if i%3 == 0 {
			typ, nature, libelle, nom = "Lycée", "320", "LYCEE PROFESSIONNEL", "Lycée professionnel"
		}
		lat, lon := "", ""
		if c.HasCoords && i%50 != 0 {
			lat, lon = fmt.Sprintf("%.6f", c.Lat+float64(seq%7)/1000), fmt.Sprintf("%.6f", c.Lon)
		}
		cp := ""
		if len(c.CodesPostaux) > 0 {
			cp = c.CodesPostaux[0]
		}
		v := make([]string, cols)
		v[0], v[1], v[2], v[3] = digits+string(letter), fmt.Sprintf("%s public \"Jean Moulin\" n° %d", nom, seq), typ, "Public"
		v[1] = `"` + strings.ReplaceAll(v[1], `"`, `""`) + `"`
		v[4], v[7], v[8], v[9] = fmt.Sprintf("%d rue de l'École", 1+seq%90), cp, c.CodeINSEE, c.Nom
		v[10], v[11], v[12] = "0"+d.Code, d.Academie, "76"
		if len(d.Code) == 3 {
			v[10] = d.Code
		}
		v[15], v[16], v[17] = "0", "0", "1"
		v[18], v[21] = "05 61 00 00 00", "ce."+v[0]+"@ac-exemple.fr"
		v[35], v[37] = "1", ""
		if i%7 == 0 {
			v[37] = "REP"
		}
		v[41], v[42] = "https://www.onisep.fr/http/redirection/etablissement/slug/ENS.12993", `"`+lat+", "+lon+`"`
		v[43], v[44] = "SANS OBJET", d.Nom
		v[51], v[52], v[53] = lat, lon, "Numéro de rue"
		v[54], v[55], v[56], v[57] = "1967-05-08", "2024-11-26", "OUVERT", "MINISTERE DE L'EDUCATION NATIONALE"
		v[58], v[61], v[62] = "0", nature, libelle
		b.WriteString(strings.Join(v, ";"))
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// BenchmarkImportEtablissements imports a generated Annuaire of 70,000
// collèges and lycées: into an empty database (premier), with every name
// changed (miseajour), then again (reimport: every line unchanged). Run with -benchtime=1x for one import;
// CEE_TEST_DATABASE_URL adds PostgreSQL.
func BenchmarkImportEtablissements(b *testing.B) {
	data := annuaireGenere(70000)
	b.Logf("fichier : %d lignes, %.1f Mo", 70000, float64(len(data))/(1<<20))
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			open := func() *store.Store {
				if db == "sqlite" {
					return storetest.MustOpen(b, "sqlite:"+b.TempDir()+"/cee.db")
				}
				return storetest.MustOpen(b, storetest.PostgresURL(b))
			}
			ctx := context.Background()
			b.Run("premier", func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					s := open()
					b.StartTimer()
					start := time.Now()
					res, err := workflow.ImportEtablissements(ctx, s, bytes.NewReader(data), workflow.ImportEtablissementsOptions{})
					if err != nil || res.Importes != 70000 {
						b.Fatalf("%s %v", res, err)
					}
					b.Logf("%s : %s en %s", db, res, time.Since(start).Round(time.Millisecond))
				}
			})
			b.Run("miseajour", func(b *testing.B) {
				renamed := bytes.ReplaceAll(data, []byte("Jean Moulin"), []byte("Jean Jaurès"))
				for b.Loop() {
					b.StopTimer()
					s := open()
					if _, err := workflow.ImportEtablissements(ctx, s, bytes.NewReader(data), workflow.ImportEtablissementsOptions{}); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					start := time.Now()
					res, err := workflow.ImportEtablissements(ctx, s, bytes.NewReader(renamed), workflow.ImportEtablissementsOptions{})
					if err != nil || res.MisAJour != 70000 {
						b.Fatalf("%s %v", res, err)
					}
					b.Logf("%s : %s en %s", db, res, time.Since(start).Round(time.Millisecond))
				}
			})
			b.Run("reimport", func(b *testing.B) {
				s := open()
				if _, err := workflow.ImportEtablissements(ctx, s, bytes.NewReader(data), workflow.ImportEtablissementsOptions{}); err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					start := time.Now()
					res, err := workflow.ImportEtablissements(ctx, s, bytes.NewReader(data), workflow.ImportEtablissementsOptions{})
					if err != nil || res.Inchanges != 70000 {
						b.Fatalf("%s %v", res, err)
					}
					b.Logf("%s : %s en %s", db, res, time.Since(start).Round(time.Millisecond))
				}
			})
		})
	}
}

// TestAnnuaireGenere checks the benchmark's file: every line valid.
func TestAnnuaireGenere(t *testing.T) {
	a, err := importer.LireAnnuaire(bytes.NewReader(annuaireGenere(3000)))
	if err != nil || len(a.Etablissements) != 3000 || len(a.Erreurs) != 0 {
		t.Fatalf("%v: %d gardés, erreurs %v", err, len(a.Etablissements), a.Erreurs[:min(len(a.Erreurs), 5)])
	}
}
