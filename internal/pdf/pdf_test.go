package pdf

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"cee/internal/model"
)

// The documents are checked through the text poppler extracts from them,
// which is what a reader (or a screen reader) gets: accents, ligatures and
// line breaks must survive the font subsetting, not only look right.

// poppler returns the path of a poppler-utils tool. Missing, the test fails
// under CI (scripts/test installs it) and is skipped elsewhere.
func poppler(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s introuvable : installez poppler-utils (apt-get install poppler-utils)", name)
		}
		t.Skipf("%s introuvable : installez poppler-utils (apt-get install poppler-utils) pour vérifier les PDF", name)
	}
	return p
}

// extract returns the text of the PDF as pdftotext -layout lays it out,
// with no-break spaces as spaces so that assertions read like the document.
func extract(t *testing.T, pdf []byte) string {
	t.Helper()
	return pdftotext(t, pdf, "-layout")
}

// extractRaw returns the text in the order it is drawn. Table cells wrap
// inside their column, and -layout interleaves the lines of neighbouring
// cells; in drawing order each cell's lines follow each other.
func extractRaw(t *testing.T, pdf []byte) string {
	t.Helper()
	return pdftotext(t, pdf, "-raw")
}

func pdftotext(t *testing.T, pdf []byte, mode string) string {
	t.Helper()
	path := writeTemp(t, pdf)
	out, err := exec.Command(poppler(t, "pdftotext"), mode, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	s := strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(string(out))
	return s
}

// pages returns the text of each page (pdftotext ends every page with a
// form feed).
func pages(t *testing.T, pdf []byte) []string {
	t.Helper()
	p := strings.Split(extract(t, pdf), "\f")
	if len(p) > 0 && strings.TrimSpace(p[len(p)-1]) == "" {
		p = p[:len(p)-1]
	}
	return p
}

// info returns pdfinfo's fields.
func info(t *testing.T, pdf []byte) map[string]string {
	t.Helper()
	out, err := exec.Command(poppler(t, "pdfinfo"), "-isodates", writeTemp(t, pdf)).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := map[string]string{}
	for _, l := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
}

func writeTemp(t *testing.T, pdf []byte) string {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "*.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(pdf); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return f.Name()
}

var spaces = regexp.MustCompile(`\s+`)

// flat joins the text into one line with single spaces: -layout wraps and
// aligns, and sentences are checked regardless of where lines break.
func flat(s string) string {
	return spaces.ReplaceAllString(s, " ")
}

func contains(t *testing.T, text string, want ...string) {
	t.Helper()
	f := flat(text)
	for _, w := range want {
		if !strings.Contains(f, w) {
			t.Errorf("texte sans %q :\n%s", w, text)
		}
	}
}

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, paris)
}

var toulouse = Academie{Code: "16", Nom: "Toulouse", Ville: "Toulouse", Recteur: "La rectrice de l'académie de Toulouse"}

func helene() Designation {
	return Designation{
		Civilite: "Mme", Prenom: "Hélène", Nom: "Dupré",
		Employeur: "Pâtisserie du Sacré-Cœur", Statut: "salarié",
		Organisation: "Chambre de métiers et de l'artisanat d'Occitanie",
		Mission: "Faire découvrir les métiers de l'alimentation aux élèves de collège.\n" +
			"Accompagner les lycées professionnels dans la recherche de lieux de stage (périodes de formation en milieu professionnel).",
		Territoire:    "départements 31, 32",
		Debut:         day(2027, time.March, 1),
		Fin:           day(2033, time.February, 28),
		NumeroArrete:  "2026-DAFPIC-042",
		DateArrete:    day(2026, time.November, 27),
		ConventionLe:  day(2025, time.September, 12),
		ConventionRef: "CONV-2025-07",
	}
}

func arreteIndividuel(t *testing.T, a Academie, d Designation) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := ArreteIndividuel(&b, a, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestArreteIndividuel(t *testing.T) {
	pdf := arreteIndividuel(t, toulouse, helene())
	text := extract(t, pdf)
	contains(t, text,
		"RÉPUBLIQUE", "FRANÇAISE", "Liberté", "Égalité", "Fraternité", "Académie de Toulouse",
		"Arrêté n° 2026-DAFPIC-042 portant désignation d'un conseiller entreprises pour l'École",
		"La rectrice de l'académie de Toulouse,",
		"Vu le code de l'éducation, notamment ses articles D.331-65 à D.331-67 ;",
		"Vu la convention conclue le 12 septembre 2025 avec l'organisation Chambre de métiers et de l'artisanat d'Occitanie (réf. CONV-2025-07)",
		"Vu la proposition de l'organisation Chambre de métiers et de l'artisanat d'Occitanie ;",
		"Arrête :",
		"Article 1er", "Article 2", "Article 3", "Article 4", "Article 5",
		"Mme Hélène Dupré (salariée, Pâtisserie du Sacré-Cœur) est désignée conseillère entreprises pour l'École",
		"Faire découvrir les métiers de l'alimentation",
		"sur le territoire suivant : départements 31, 32.",
		"Le mandat de Mme Hélène Dupré court du 1er mars 2027 au 28 février 2033 inclus.",
		"Les fonctions de conseiller entreprises pour l'École sont exercées à titre bénévole.",
		"notifié à l'intéressée",
		"Fait à Toulouse, le 27 novembre 2026",
		"page 1 / 1",
	)
	// The articles come in order.
	f := flat(text)
	last := -1
	for _, a := range []string{"Article 1er", "Article 2", "Article 3", "Article 4", "Article 5", "Fait à"} {
		i := strings.Index(f, a)
		if i <= last {
			t.Errorf("%q hors de l'ordre des articles", a)
		}
		last = i
	}

	m := info(t, pdf)
	if m["Pages"] != "1" {
		t.Errorf("pages = %q, attendu 1", m["Pages"])
	}
	if m["Author"] != "Ministère de l'Éducation nationale" {
		t.Errorf("auteur = %q", m["Author"])
	}
	if !strings.Contains(m["Title"], "Arrêté n° 2026-DAFPIC-042") {
		t.Errorf("titre = %q", m["Title"])
	}
	if !strings.HasPrefix(m["CreationDate"], "2026-11-27T00:00:00") {
		t.Errorf("date de création = %q, attendu celle de l'arrêté", m["CreationDate"])
	}
}

// TestArreteSansConvention: without a convention in force, the arrêté cites
// none (it would be false); the pilote's override is kept in the journal.
func TestArreteSansConvention(t *testing.T) {
	d := helene()
	d.ConventionLe, d.ConventionRef = time.Time{}, ""
	text := extract(t, arreteIndividuel(t, toulouse, d))
	if strings.Contains(flat(text), "Vu la convention") {
		t.Errorf("un arrêté sans convention en vigueur en cite une :\n%s", text)
	}
	contains(t, text, "Vu la proposition de l'organisation Chambre de métiers et de l'artisanat d'Occitanie ;")
}

func TestArreteIndividuelMasculinEtAcademieAvecElision(t *testing.T) {
	d := helene()
	d.Civilite, d.Prenom, d.Nom, d.Statut = "M.", "Jérôme", "Lefèvre", "employeur"
	d.Territoire = ""
	a := Academie{Code: "20", Nom: "Amiens", Ville: "Amiens", Recteur: "Le recteur de l'académie d'Amiens"}
	contains(t, extract(t, arreteIndividuel(t, a, d)),
		"Académie d'Amiens",
		"Le recteur de l'académie d'Amiens,",
		"M. Jérôme Lefèvre (employeur, Pâtisserie du Sacré-Cœur) est désigné conseiller entreprises",
		"sur le territoire suivant : l'ensemble de l'académie d'Amiens.",
		"notifié à l'intéressé ",
	)
}

// A long mission flows onto the next page instead of running off the
// first, and long names wrap inside the margins.
func TestArreteIndividuelLongueMission(t *testing.T) {
	d := helene()
	d.Nom = "Dupré-Montalembert de La Tour d'Auvergne-Lauraguais"
	d.Employeur = "Société coopérative ouvrière de production des Ateliers réunis de chaudronnerie et de tuyauterie industrielles du Grand Sud-Ouest"
	var b strings.Builder
	sentence := "Le conseiller accompagne les établissements dans la construction de projets avec les entreprises du territoire. "
	for i := 1; b.Len() < 3000; i++ {
		b.WriteString(sentence)
		if i%6 == 0 {
			b.WriteString("\n")
		}
	}
	d.Mission = b.String() + "Dernière phrase de la mission."
	if n := len([]rune(d.Mission)); n < 3000 {
		t.Fatalf("mission de %d caractères", n)
	}
	pdf := arreteIndividuel(t, toulouse, d)
	if n := info(t, pdf)["Pages"]; n != "2" {
		t.Errorf("pages = %s, attendu 2", n)
	}
	ps := pages(t, pdf)
	if len(ps) != 2 {
		t.Fatalf("%d pages de texte", len(ps))
	}
	contains(t, ps[0], "Article 1er", "Dupré-Montalembert de La Tour d'Auvergne-Lauraguais", "page 1 / 2")
	contains(t, ps[1], "Dernière phrase de la mission.", "Article 5", "Fait à Toulouse", "page 2 / 2")
	checkMargins(t, pdf)
}

// checkMargins asserts that no text runs past the right margin or into the
// footer, from the positions poppler reports for each word.
func checkMargins(t *testing.T, pdf []byte) {
	t.Helper()
	out, err := exec.Command(poppler(t, "pdftotext"), "-bbox", writeTemp(t, pdf), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	const mm = 72 / 25.4
	right := (pageW - marginRight) * mm // points from the left edge
	bottom := (pageH - marginBottom) * mm
	footerTop := (pageH - 14) * mm // the footer rule; footer text is below it
	re := regexp.MustCompile(`xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)<`)
	words := re.FindAllStringSubmatch(string(out), -1)
	if len(words) == 0 {
		t.Fatal("pdftotext -bbox : aucun mot")
	}
	for _, m := range words {
		x, _ := strconv.ParseFloat(m[1], 64)
		y, _ := strconv.ParseFloat(m[2], 64)
		if x > right+0.5 {
			t.Errorf("%q dépasse la marge droite (xMax %.1f pt > %.1f)", m[3], x, right)
		}
		if y > bottom+0.5 && y < footerTop {
			t.Errorf("%q descend dans la marge du bas (yMax %.1f pt > %.1f)", m[3], y, bottom)
		}
	}
}

// Table rows hold whatever the data: a long unbroken word is cut inside its
// column, and a row taller than a page is split instead of running over
// the footer.
func TestArreteCollectifCellulesDemesurees(t *testing.T) {
	ds := collectif(5)
	ds[1].Nom = strings.Repeat("Abcdefghij", 8)
	ds[2].Territoire = strings.Repeat("commune de Saint-Martin-de-Crau, ", 120) + "fin du territoire"
	var b bytes.Buffer
	if err := ArreteCollectif(&b, toulouse, "2026-120", day(2026, time.December, 15), ds); err != nil {
		t.Fatal(err)
	}
	pdf := b.Bytes()
	checkMargins(t, pdf)
	raw := flat(extractRaw(t, pdf))
	for _, want := range []string{"fin du territoire", ds[4].Nom, "Fait à Toulouse"} {
		if !strings.Contains(raw, want) {
			t.Errorf("texte sans %q", want)
		}
	}
	if n, _ := strconv.Atoi(info(t, pdf)["Pages"]); n < 3 {
		t.Errorf("%d pages, attendu au moins 3 pour une ligne plus haute qu'une page", n)
	}
}

// The same data gives the same bytes (no clock, no random identifier, no
// map order in the file), so a stored PDF can be regenerated and compared.
func TestOctetsStables(t *testing.T) {
	docs := map[string]func(*bytes.Buffer, time.Time) error{
		"arrêté individuel": func(b *bytes.Buffer, date time.Time) error {
			d := helene()
			d.DateArrete = date
			return ArreteIndividuel(b, toulouse, d)
		},
		"arrêté collectif": func(b *bytes.Buffer, date time.Time) error {
			return ArreteCollectif(b, toulouse, "2026-117", date, collectif(60))
		},
		"attestation": func(b *bytes.Buffer, date time.Time) error {
			at := engagement()
			at.Date = date
			return AttestationEngagement(b, toulouse, at)
		},
	}
	date := day(2026, time.November, 27)
	for name, run := range docs {
		var a, b, c bytes.Buffer
		if err := run(&a, date); err != nil {
			t.Fatal(err)
		}
		if err := run(&b, date); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s : deux générations des mêmes données diffèrent", name)
		}
		if err := run(&c, date.AddDate(0, 0, 1)); err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(a.Bytes(), c.Bytes()) {
			t.Errorf("%s : la date ne change pas le fichier", name)
		}
	}
}

func collectif(n int) []Designation {
	prenoms := []string{"Hélène", "Jérôme", "Agnès", "François", "Maëlle", "Noël", "Zoé", "Loïc"}
	noms := []string{"Dupré", "Lefèvre", "Cœurderoy", "Bénard", "Çelik", "Ménétrier", "Aubépine", "Dœuff"}
	ds := make([]Designation, n)
	for i := range ds {
		civ := "Mme"
		if i%2 == 1 {
			civ = "M."
		}
		ds[i] = Designation{
			Civilite:     civ,
			Prenom:       prenoms[i%len(prenoms)],
			Nom:          noms[i%len(noms)] + "-" + strconv.Itoa(i+1),
			Employeur:    []string{"Airbus Operations", "Boulangerie Le Fournil d'Occitanie", "Mairie de Blagnac"}[i%3],
			Statut:       []string{"salarié", "employeur", "artisan"}[i%3],
			Organisation: []string{"MEDEF Haute-Garonne", "CPME Occitanie", "U2P", "UIMM Midi-Pyrénées"}[i%4],
			Territoire:   []string{"département 31", "départements 09, 31, 32, 46, 65, 81, 82", "l'ensemble de l'académie"}[i%3],
			Debut:        day(2027, time.January, 1),
			Fin:          day(2032, time.December, 31),
		}
	}
	return ds
}

func TestArreteCollectif(t *testing.T) {
	ds := collectif(60)
	var b bytes.Buffer
	if err := ArreteCollectif(&b, toulouse, "2026-117", day(2026, time.December, 15), ds); err != nil {
		t.Fatal(err)
	}
	pdf := b.Bytes()
	ps := pages(t, pdf)
	if len(ps) < 2 {
		t.Fatalf("%d page(s), attendu au moins 2 pour 60 désignations", len(ps))
	}
	n := len(ps)
	if got := info(t, pdf)["Pages"]; got != strconv.Itoa(n) {
		t.Errorf("pdfinfo: %s pages, pdftotext: %d", got, n)
	}
	all := extract(t, pdf)
	raw := extractRaw(t, pdf)
	contains(t, all,
		"Arrêté n° 2026-117 portant désignation des conseillers entreprises pour l'École",
		"Les 60 personnes figurant dans le tableau ci-dessous sont désignées conseillers entreprises pour l'École à compter du 1er janvier 2027",
		"Article 1er", "Article 2", "Article 3",
		"Les fonctions de conseiller entreprises pour l'École sont exercées à titre bénévole.",
		"Fait à Toulouse, le 15 décembre 2026",
	)
	for i, p := range ps {
		// Every page has its footer and the table header is repeated on
		// every page the table runs onto.
		contains(t, p, "page "+strconv.Itoa(i+1)+" / "+strconv.Itoa(n))
	}
	contains(t, ps[1], "Conseiller", "Organisation qui", "Employeur", "Territoire", "Fin du")
	for _, d := range ds {
		contains(t, raw, d.Civilite+" "+d.Prenom+" "+d.Nom)
	}
	contains(t, raw, "Mme Hélène Dupré-1 MEDEF Haute-Garonne Airbus Operations (salariée) département 31 31/12/2032",
		"M. Jérôme Lefèvre-2 CPME Occitanie Boulangerie Le Fournil d'Occitanie (employeur) départements 09, 31, 32, 46, 65, 81, 82 31/12/2032")
	// Rows are on several pages, in the given order.
	if !strings.Contains(ps[0], ds[0].Nom) || strings.Contains(ps[0], ds[59].Nom) || !strings.Contains(ps[n-1], ds[59].Nom) {
		t.Errorf("la première page devrait porter la première ligne, la dernière page la dernière")
	}
	checkMargins(t, pdf)
}

func TestArreteCollectifMandatsDifferents(t *testing.T) {
	ds := collectif(2)
	ds[1].Debut = day(2027, time.March, 1)
	var b bytes.Buffer
	if err := ArreteCollectif(&b, toulouse, "2026-118", day(2026, time.December, 15), ds); err != nil {
		t.Fatal(err)
	}
	contains(t, extract(t, b.Bytes()), "Mandat", "pour le territoire et la durée de mandat mentionnés")
	contains(t, extractRaw(t, b.Bytes()), "du 01/01/2027 au 31/12/2032", "du 01/03/2027 au 31/12/2032")
}

func TestArreteCollectifUneSeulePersonne(t *testing.T) {
	var b bytes.Buffer
	if err := ArreteCollectif(&b, toulouse, "2026-119", day(2026, time.December, 15), collectif(1)); err != nil {
		t.Fatal(err)
	}
	contains(t, extract(t, b.Bytes()), "La personne figurant dans le tableau ci-dessous est désignée conseiller entreprises")
}

func engagement() Attestation {
	return Attestation{
		Civilite: "Mme", Prenom: "Hélène", Nom: "Dupré",
		Employeur:    "Pâtisserie du Sacré-Cœur",
		Debut:        day(2027, time.March, 1),
		Fin:          day(2033, time.February, 28),
		PeriodeDebut: day(2027, time.September, 1),
		PeriodeFin:   day(2028, time.June, 30),
		Actions: []Action{
			{Genre: model.ServiceJury, Date: day(2028, time.January, 18), Libelle: "Jury de CAP pâtissier — épreuve pratique", Heures: 3},
			{Genre: model.ServiceEvenement, Date: day(2028, time.March, 10), Libelle: "Réunion de réseau — rentrée des CEE", Heures: 2},
			{Date: day(2027, time.October, 1), Libelle: "Intervention au lycée Déodat de Séverac — découverte des métiers", Heures: 2},
			{Date: day(2027, time.November, 12), Libelle: "Visite de l'atelier par une classe de 3e du collège Jean-Jaurès", Heures: 1.5},
			{Date: day(2027, time.June, 20), Libelle: "Action hors période", Heures: 10},
		},
		Signataire: "Mme Claire Martin, déléguée académique à la formation professionnelle initiale et continue",
		Date:       day(2028, time.July, 3),
	}
}

func TestAttestationEngagement(t *testing.T) {
	var b bytes.Buffer
	if err := AttestationEngagement(&b, toulouse, engagement()); err != nil {
		t.Fatal(err)
	}
	text := extract(t, b.Bytes())
	contains(t, extractRaw(t, b.Bytes()),
		"1er octobre 2027 Intervention au lycée Déodat de Séverac — découverte des métiers 2 h",
		"12 novembre 2027 Visite de l'atelier par une classe de 3e du collège Jean-Jaurès 1,5 h",
		"Total actions 3,5 heures",
		"18 janvier 2028 Jury de CAP pâtissier — épreuve pratique 3 h",
		"Total jurys d'examen 3 heures",
		"10 mars 2028 Réunion de réseau — rentrée des CEE 2 h",
		"Total événements du réseau 2 heures")
	contains(t, text,
		"Attestation d'engagement en qualité de conseillère entreprises pour l'École",
		"Je soussignée, Mme Claire Martin, déléguée académique à la formation professionnelle initiale et continue, atteste que Mme Hélène Dupré (employeur : Pâtisserie du Sacré-Cœur) a été désignée conseillère",
		"pour un mandat courant du 1er mars 2027 au 28 février 2033.",
		"du 1er septembre 2027 au 30 juin 2028",
		"Actions", "Jurys d'examen", "Événements du réseau",
		"Soit 2 actions (3,5 heures), un jury d'examen (3 heures) et un événement du réseau (2 heures), pour un total de 8,5 heures sur la période.",
		"exercées à titre bénévole",
		"Fait à Toulouse, le 3 juillet 2028",
	)
	if strings.Contains(text, "hors période") {
		t.Error("une action hors de la période est listée")
	}
	// Listed in date order whatever the input order.
	f := flat(text)
	if !(strings.Index(f, "1er octobre 2027") < strings.Index(f, "12 novembre 2027") &&
		strings.Index(f, "12 novembre 2027") < strings.Index(f, "18 janvier 2028")) {
		t.Error("actions hors de l'ordre chronologique")
	}
}

func TestAttestationSansAction(t *testing.T) {
	at := engagement()
	at.Actions = nil
	at.Date = time.Time{}
	at.Signataire = "Claire Martin"
	var b bytes.Buffer
	if err := AttestationEngagement(&b, toulouse, at); err != nil {
		t.Fatal(err)
	}
	text := extract(t, b.Bytes())
	contains(t, text, "Je soussigné(e), Claire Martin,", "Aucune action, aucun jury d'examen, événement du réseau ni avis d'expertise n'a été enregistré",
		"Fait à Toulouse, le 30 juin 2028")
	if m := info(t, b.Bytes()); !strings.HasPrefix(m["CreationDate"], "2028-06-30") {
		t.Errorf("date de création = %q, attendu la fin de la période", m["CreationDate"])
	}
}

func TestErreursDeSaisie(t *testing.T) {
	sansNom := helene()
	sansNom.Nom, sansNom.Prenom = "  ", ""
	inverse := helene()
	inverse.Debut, inverse.Fin = inverse.Fin, inverse.Debut
	cases := []struct {
		name string
		run  func(*bytes.Buffer) error
		want []string
	}{
		{"sans nom", func(b *bytes.Buffer) error { return ArreteIndividuel(b, toulouse, sansNom) },
			[]string{"le nom est obligatoire", "le prénom est obligatoire"}},
		{"fin avant début", func(b *bytes.Buffer) error { return ArreteIndividuel(b, toulouse, inverse) },
			[]string{"la fin du mandat (1er mars 2027) précède son début (28 février 2033)"}},
		{"sans académie", func(b *bytes.Buffer) error { return ArreteIndividuel(b, Academie{}, helene()) },
			[]string{"le nom de l'académie est obligatoire", "la ville de signature est obligatoire"}},
		{"collectif vide", func(b *bytes.Buffer) error {
			return ArreteCollectif(b, toulouse, "1", day(2026, time.December, 1), nil)
		}, []string{"aucune désignation"}},
		{"collectif avec une ligne incomplète", func(b *bytes.Buffer) error {
			ds := collectif(3)
			ds[2].Fin = ds[2].Debut.AddDate(0, 0, -1)
			ds[1].Organisation = ""
			return ArreteCollectif(b, toulouse, "", day(2026, time.December, 1), ds)
		}, []string{"le numéro de l'arrêté est obligatoire",
			"désignation n° 2 (Lefèvre-2) : l'organisation qui propose est obligatoire",
			"désignation n° 3 (Cœurderoy-3) : la fin du mandat (31 décembre 2026) précède son début (1er janvier 2027)"}},
		{"attestation incohérente", func(b *bytes.Buffer) error {
			at := engagement()
			at.Nom = ""
			at.PeriodeFin = at.PeriodeDebut.AddDate(0, -1, 0)
			at.Actions[0].Heures = -1
			return AttestationEngagement(b, toulouse, at)
		}, []string{"le nom est obligatoire", "la fin de la période (1er août 2027) précède son début (1er septembre 2027)",
			"action n° 1 : la durée doit être un nombre d'heures positif"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			err := c.run(&b)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("erreur = %v, attendu une *ValidationError", err)
			}
			msg := strings.ReplaceAll(err.Error(), nbsp, " ")
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q sans %q", msg, w)
				}
			}
			if b.Len() != 0 {
				t.Errorf("%d octets écrits malgré l'erreur", b.Len())
			}
		})
	}
}

// TestApercu renders one sample of each document to PNG with poppler: each
// must render, page by page. For a person to look at the layout,
// CEE_PDF_APERCU=/some/dir go test -count=1 -run Apercu ./internal/pdf
// keeps the PDF and PNG files there; otherwise they go to a temporary
// folder.
func TestApercu(t *testing.T) {
	dir := os.Getenv("CEE_PDF_APERCU")
	if dir == "" {
		dir = t.TempDir()
	}
	long := helene()
	long.Mission = strings.Repeat("Le conseiller accompagne les établissements dans la construction de projets avec les entreprises du territoire, notamment dans le cadre du parcours Avenir. ", 20)
	docs := map[string]func(*bytes.Buffer) error{
		"arrete-individuel":      func(b *bytes.Buffer) error { return ArreteIndividuel(b, toulouse, helene()) },
		"arrete-individuel-long": func(b *bytes.Buffer) error { return ArreteIndividuel(b, toulouse, long) },
		"arrete-collectif": func(b *bytes.Buffer) error {
			return ArreteCollectif(b, toulouse, "2026-117", day(2026, time.December, 15), collectif(60))
		},
		"arrete-collectif-mandats": func(b *bytes.Buffer) error {
			ds := collectif(4)
			ds[1].Debut = day(2027, time.March, 1)
			ds[2].Nom = strings.Repeat("Abcdefghij", 8)
			return ArreteCollectif(b, toulouse, "2026-118", day(2026, time.December, 15), ds)
		},
		"attestation-engagement": func(b *bytes.Buffer) error { return AttestationEngagement(b, toulouse, engagement()) },
	}
	for name, run := range docs {
		var b bytes.Buffer
		if err := run(&b); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name+".pdf")
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(poppler(t, "pdftoppm"), "-png", "-r", "60", path, filepath.Join(dir, name)).CombinedOutput()
		if err != nil || len(out) > 0 {
			t.Fatalf("pdftoppm %s: %v %s", name, err, out)
		}
		pngs, _ := filepath.Glob(filepath.Join(dir, name+"-[0-9]*.png"))
		if pages := info(t, b.Bytes())["Pages"]; len(pngs) == 0 || strconv.Itoa(len(pngs)) != pages {
			t.Errorf("%s : %d pages rendues en PNG, %s dans le PDF", name, len(pngs), pages)
		}
		t.Logf("aperçu : %s-*.png", filepath.Join(dir, name))
	}
}
