// Command refdata rebuilds the compact CSV files embedded by package
// cee/internal/refdata from the public source files (shared/data) and from the
// npm packages @socialgouv/codes-naf and @socialgouv/kali-data, unpacked by
// generate.sh. It is a build tool: the application never runs it.
//
// Every output is sorted and written with "\n" line ends so that running it
// twice on the same inputs gives byte-identical files, and a diff of the data
// folder shows real changes of the sources only.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("refdata: ")
	dataDir := flag.String("data", "", "folder of the public source files (shared/data)")
	nafJSON := flag.String("naf", "", "index.json of the @socialgouv/codes-naf package")
	kaliDir := flag.String("kali", "", "data folder of the @socialgouv/kali-data package")
	outDir := flag.String("out", "internal/refdata/data", "output folder")
	only := flag.String("only", "", "run only the named step (e.g. rome): the npm packages are then not needed unless it is naf or idcc")
	flag.Parse()
	if *dataDir == "" || *only == "" && (*nafJSON == "" || *kaliDir == "") {
		flag.Usage()
		os.Exit(2)
	}
	g := &generator{data: *dataDir, out: *outDir}
	steps := []struct {
		name string
		run  func() error
	}{
		{"academies and departements", g.academiesDepartements},
		{"communes", g.communes},
		{"diplomes", g.diplomes},
		{"familles de metiers", g.familles},
		{"calendar", g.calendrier},
		{"naf", func() error { return g.naf(*nafJSON) }},
		{"idcc", func() error { return g.idcc(*kaliDir) }},
		{"rome", g.rome},
	}
	if err := os.MkdirAll(g.out, 0o755); err != nil {
		log.Fatal(err)
	}
	for _, s := range steps {
		if *only != "" && s.name != *only {
			continue
		}
		if err := s.run(); err != nil {
			log.Fatalf("%s: %v", s.name, err)
		}
	}
}

type generator struct {
	data, out string
	// departements holds the INSEE codes kept in departements.csv; communes
	// outside them (overseas collectivities) are left out.
	departements map[string]bool
}

// academies30 are the académies of domain.md §3. The BCN file also carries
// pseudo-codes (00, 61–67, 91, 99, #, $), the pre-2020 Caen (05) and Rouen (21),
// and the Pacific and Saint-Pierre vice-rectorats (40, 41, 42, 44), which the
// network does not cover.
var academies30 = []string{
	"01", "02", "03", "04", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16",
	"17", "18", "19", "20", "22", "23", "24", "25", "27", "28", "31", "32", "33", "43", "70",
}

func (g *generator) academiesDepartements() error {
	rows, err := readCSV(filepath.Join(g.data, "referentiels/departements_academies_regions.csv"), ';')
	if err != nil {
		return err
	}
	// Names come from the INSEE COG (geo/departements.geojson): the BCN file
	// keeps old or abbreviated spellings ("Côtes d'Armor", "Seine-St-Denis").
	// The geojson also fixes the set of départements: the BCN file lists
	// Saint-Martin (978), Saint-Barthélemy (977), Andorra (130) and an old
	// Mayotte code (985) under académies of the network.
	noms, err := departementNames(filepath.Join(g.data, "geo/departements.geojson"))
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, c := range academies30 {
		keep[c] = true
	}
	type aca struct{ nom, region string }
	acas := map[string]aca{}
	var deps [][]string
	g.departements = map[string]bool{}
	for _, r := range rows.records {
		code, dep := r[rows.col("codeAcademie")], r[rows.col("codeDepartement")]
		if !keep[code] || dep == "" {
			continue
		}
		a := aca{r[rows.col("libelleAcademie")], r[rows.col("libelleRegion")]}
		if prev, ok := acas[code]; ok && prev != a {
			return fmt.Errorf("académie %s has two names or regions: %v, %v", code, prev, a)
		}
		acas[code] = a
		// BCN writes département codes on 3 characters; INSEE uses 2 in
		// metropolitan France.
		if len(dep) == 3 && dep[0] == '0' {
			dep = dep[1:]
		}
		nom, ok := noms[dep]
		if !ok {
			continue
		}
		if g.departements[dep] {
			return fmt.Errorf("département %s listed twice", dep)
		}
		g.departements[dep] = true
		deps = append(deps, []string{dep, nom, code})
	}
	if len(acas) != len(academies30) {
		return fmt.Errorf("found %d académies, want %d", len(acas), len(academies30))
	}
	if len(deps) != len(noms) {
		return fmt.Errorf("found %d départements with an académie, the geojson has %d", len(deps), len(noms))
	}
	var out [][]string
	for _, c := range academies30 {
		out = append(out, []string{c, acas[c].nom, acas[c].region})
	}
	if err := g.write("academies.csv", []string{"code", "nom", "region_academique"}, out); err != nil {
		return err
	}
	slices.SortFunc(deps, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return g.write("departements.csv", []string{"code", "nom", "academie"}, deps)
}

func departementNames(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var fc struct {
		Features []struct {
			Properties struct{ Code, Nom string }
		}
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	noms := map[string]string{}
	for _, f := range fc.Features {
		noms[f.Properties.Code] = f.Properties.Nom
	}
	return noms, nil
}

func (g *generator) communes() error {
	rows, err := readCSV(filepath.Join(g.data, "communes/communes.csv"), ',')
	if err != nil {
		return err
	}
	var out [][]string
	for _, r := range rows.records {
		typ, dep := r[rows.col("type")], r[rows.col("code_departement")]
		// COM_OM rows are communes of overseas collectivities, which have no
		// académie of the network.
		if typ != "COM" && typ != "ARM" {
			continue
		}
		if !g.departements[dep] {
			return fmt.Errorf("commune %s: unknown département %q", r[rows.col("code_insee")], dep)
		}
		out = append(out, []string{
			r[rows.col("code_insee")], typ, r[rows.col("nom")], dep, r[rows.col("codes_postaux")],
			r[rows.col("latitude")], r[rows.col("longitude")], r[rows.col("commune_parente")],
		})
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return g.write("communes.csv",
		[]string{"code_insee", "type", "nom", "departement", "codes_postaux", "latitude", "longitude", "commune_parente"}, out)
}

func (g *generator) diplomes() error {
	rows, err := readCSV(filepath.Join(g.data, "diplomes/diplomes_professionnels.csv"), ',')
	if err != nil {
		return err
	}
	var out [][]string
	for _, r := range rows.records {
		// Common first years (2de commune, 1re année commune de BTS) are
		// school years, not diplomas a jury awards.
		if r[rows.col("nature")] != "diplome" {
			continue
		}
		ouvert := "0"
		if r[rows.col("statut_rentree_2025")] == "ouvert" {
			ouvert = "1"
		}
		// "NR" (non renseigné) stands in the title and RNCP columns of a few
		// diplomas that neither the RNCP nor the DGESCO list know.
		intitule, rncp := r[rows.col("intitule")], r[rows.col("code_rncp")]
		if intitule == "NR" || intitule == "" {
			intitule = sentenceCase(bcnSuffix.ReplaceAllString(r[rows.col("intitule_bcn")], ""))
		}
		if rncp == "NR" {
			rncp = ""
		}
		out = append(out, []string{
			r[rows.col("code_diplome")], r[rows.col("type_diplome")], r[rows.col("niveau_qualification")],
			ouvert, intitule, rncp,
		})
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return g.write("diplomes.csv", []string{"code", "type", "niveau", "ouvert", "intitule", "rncp"}, out)
}

// bcnSuffix is the diploma type the BCN appends to its labels:
// "BLANCHISSEUR (SE) (BP)", "CERTIFICAT DE PREPOSE AU TIR (ASSIMILE CAP)".
var bcnSuffix = regexp.MustCompile(`\s*\([^()]*\)$`)

// sentenceCase turns an upper-case BCN label into normal case. The BCN drops
// accents on capitals, so the result may lack some.
func sentenceCase(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func (g *generator) familles() error {
	rows, err := readCSV(filepath.Join(g.data, "diplomes/familles_de_metiers.csv"), ';')
	if err != nil {
		return err
	}
	type famille struct {
		libelle, ministere string
		specialites        []string
	}
	fams := map[string]*famille{}
	for _, r := range rows.records {
		code := r[rows.col("CFD_COMMUN")]
		f := fams[code]
		if f == nil {
			f = &famille{libelle: r[rows.col("FAMILLE")], ministere: r[rows.col("CODE_MINISTERE_TUTELLE")]}
			fams[code] = f
		}
		f.specialites = append(f.specialites, r[rows.col("CFD_SPECIALITE")])
	}
	var out [][]string
	for code, f := range fams {
		slices.Sort(f.specialites)
		f.specialites = slices.Compact(f.specialites)
		out = append(out, []string{code, f.libelle, f.ministere, strings.Join(f.specialites, "|")})
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return g.write("familles_metiers.csv", []string{"code", "libelle", "ministere", "specialites"}, out)
}

// rome keeps of the ROME (France Travail) what the app shows and searches:
// each fiche's code, label and historical parent, whose first three
// characters are the domaine the matching compares, and the domaines'
// labels. The 13,000 appellations
// are left out: the fiches' labels are enough to pick a métier.
func (g *generator) rome() error {
	rows, err := readCSV(filepath.Join(g.data, "rome/rome_fiches.csv"), ',')
	if err != nil {
		return err
	}
	var out [][]string
	for _, r := range rows.records {
		code, libelle, parent := r[rows.col("code_rome")], oneLine(r[rows.col("libelle_rome")]), r[rows.col("code_rome_parent")]
		if len(code) != 5 || libelle == "" {
			return fmt.Errorf("fiche %q %q: code or label missing", code, libelle)
		}
		out = append(out, []string{code, libelle, parent})
	}
	if len(out) < 500 {
		return fmt.Errorf("%d fiches only", len(out))
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	if err := g.write("rome.csv", []string{"code", "libelle", "parent"}, out); err != nil {
		return err
	}
	rows, err = readCSV(filepath.Join(g.data, "rome/rome_domaines_professionnels.csv"), ',')
	if err != nil {
		return err
	}
	out = nil
	for _, r := range rows.records {
		out = append(out, []string{r[rows.col("code_domaine_professionnel")], oneLine(r[rows.col("libelle_domaine_professionnel")])})
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return g.write("rome_domaines.csv", []string{"code", "libelle"}, out)
}

func (g *generator) calendrier() error {
	zones, err := readCSV(filepath.Join(g.data, "calendrier/academies_zones.csv"), ',')
	if err != nil {
		return err
	}
	codes := map[string]string{} // académie name as the calendar spells it → code
	var zout [][]string
	for _, r := range zones.records {
		code, nom := r[zones.col("code_academie")], r[zones.col("academie")]
		if prev, ok := codes[nom]; ok && prev != code {
			return fmt.Errorf("académie %q has codes %s and %s", nom, prev, code)
		}
		codes[nom] = code
		zout = append(zout, []string{r[zones.col("annee_scolaire")], code, nom, r[zones.col("zone")]})
	}
	if err := g.write("academies_zones.csv", []string{"annee_scolaire", "code_academie", "academie", "zone"}, zout); err != nil {
		return err
	}

	vac, err := readCSV(filepath.Join(g.data, "calendrier/vacances_scolaires.csv"), ',')
	if err != nil {
		return err
	}
	var vout [][]string
	for _, r := range vac.records {
		noms := strings.Split(r[vac.col("academies")], "|")
		var cs []string
		for _, n := range noms {
			c, ok := codes[n]
			if !ok {
				return fmt.Errorf("vacances: unknown académie %q", n)
			}
			cs = append(cs, c)
		}
		pop := r[vac.col("population")]
		if pop == "-" {
			pop = ""
		}
		vout = append(vout, []string{
			r[vac.col("annee_scolaire")], r[vac.col("zone")], r[vac.col("description")], pop,
			r[vac.col("date_debut")], r[vac.col("date_fin")], strings.Join(noms, "|"), strings.Join(cs, "|"),
		})
	}
	return g.write("vacances.csv",
		[]string{"annee_scolaire", "zone", "description", "population", "debut", "fin", "academies", "codes_academies"}, vout)
}

// nafSections are the 21 sections of NAF rév. 2 (INSEE), which the npm
// package does not list, with the divisions each one spans.
var nafSections = []struct {
	letter, libelle string
	from, to        int
}{
	{"A", "Agriculture, sylviculture et pêche", 1, 3},
	{"B", "Industries extractives", 5, 9},
	{"C", "Industrie manufacturière", 10, 33},
	{"D", "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné", 35, 35},
	{"E", "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution", 36, 39},
	{"F", "Construction", 41, 43},
	{"G", "Commerce ; réparation d'automobiles et de motocycles", 45, 47},
	{"H", "Transports et entreposage", 49, 53},
	{"I", "Hébergement et restauration", 55, 56},
	{"J", "Information et communication", 58, 63},
	{"K", "Activités financières et d'assurance", 64, 66},
	{"L", "Activités immobilières", 68, 68},
	{"M", "Activités spécialisées, scientifiques et techniques", 69, 75},
	{"N", "Activités de services administratifs et de soutien", 77, 82},
	{"O", "Administration publique", 84, 84},
	{"P", "Enseignement", 85, 85},
	{"Q", "Santé humaine et action sociale", 86, 88},
	{"R", "Arts, spectacles et activités récréatives", 90, 93},
	{"S", "Autres activités de services", 94, 96},
	{"T", "Activités des ménages en tant qu'employeurs ; activités indifférenciées des ménages en tant que producteurs de biens et services pour usage propre", 97, 98},
	{"U", "Activités extra-territoriales", 99, 99},
}

var nafLevels = []*regexp.Regexp{
	2: regexp.MustCompile(`^\d\d$`),
	3: regexp.MustCompile(`^\d\d\.\d$`),
	4: regexp.MustCompile(`^\d\d\.\d\d$`),
	5: regexp.MustCompile(`^\d\d\.\d\d[A-Z]$`),
}

func (g *generator) naf(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var codes []struct{ ID, Label string }
	if err := json.Unmarshal(b, &codes); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var out [][]string
	for _, s := range nafSections {
		out = append(out, []string{s.letter, "1", s.letter, s.libelle})
	}
	seen := map[string]bool{}
	for _, c := range codes {
		niveau := 0
		for n, re := range nafLevels {
			if re != nil && re.MatchString(c.ID) {
				niveau = n
			}
		}
		if niveau == 0 {
			return fmt.Errorf("unexpected NAF code %q", c.ID)
		}
		if seen[c.ID] {
			return fmt.Errorf("NAF code %q listed twice", c.ID)
		}
		seen[c.ID] = true
		div, _ := strconv.Atoi(c.ID[:2])
		section := ""
		for _, s := range nafSections {
			if div >= s.from && div <= s.to {
				section = s.letter
			}
		}
		if section == "" {
			return fmt.Errorf("NAF code %q: division in no section", c.ID)
		}
		out = append(out, []string{c.ID, strconv.Itoa(niveau), section, oneLine(c.Label)})
	}
	slices.SortStableFunc(out[len(nafSections):], func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return g.write("naf.csv", []string{"code", "niveau", "section", "libelle"}, out)
}

// idcc reads the root node of every agreement file of kali-data. The
// package's data/index.json lists only the agreements whose articles it
// ships (49 in version 3.449.0); the root nodes of the KALICONT*.json files
// cover every agreement it knows, with its IDCC number.
func (g *generator) idcc(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "KALICONT*.json"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no KALICONT*.json in %s", dir)
	}
	byNum := map[string][]string{}
	for _, f := range files {
		d, err := kaliRoot(f)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		// A few agreements (texts attached to several branches) carry no
		// IDCC number and cannot be chosen by one.
		num := strings.Trim(string(d.Num), `"`)
		if num == "" || num == "null" {
			continue
		}
		n, err := strconv.Atoi(num)
		if err != nil || n <= 0 || n > 9999 {
			return fmt.Errorf("%s: IDCC %q", f, num)
		}
		numero := fmt.Sprintf("%04d", n)
		if prev, ok := byNum[numero]; ok {
			return fmt.Errorf("IDCC %s in two files (%q, %q)", numero, prev[1], d.Title)
		}
		byNum[numero] = []string{numero, oneLine(d.Title), oneLine(d.ShortTitle), d.ID}
	}
	var out [][]string
	for _, r := range byNum {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return g.write("idcc.csv", []string{"numero", "titre", "titre_court", "kali_id"}, out)
}

type kaliData struct {
	ID         string          `json:"id"`
	Num        json.RawMessage `json:"num"`
	Title      string          `json:"title"`
	ShortTitle string          `json:"shortTitle"`
}

// kaliRoot decodes the "data" member of the root node and stops there: the
// files hold the whole text of the agreement (160 MB in all).
func kaliRoot(path string) (kaliData, error) {
	f, err := os.Open(path)
	if err != nil {
		return kaliData{}, err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return kaliData{}, fmt.Errorf("not a JSON object (%v)", err)
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return kaliData{}, err
		}
		if t == "data" {
			var d kaliData
			err := dec.Decode(&d)
			return d, err
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return kaliData{}, err
		}
	}
	return kaliData{}, errors.New("no data member")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

type table struct {
	header  []string
	records [][]string
}

// col panics on a missing column: the sources are pinned files, so a
// renamed column is a change to look at, not to work around.
func (t *table) col(name string) int {
	i := slices.Index(t.header, name)
	if i < 0 {
		panic(fmt.Sprintf("column %q not in %v", name, t.header))
	}
	return i
}

func readCSV(path string, sep rune) (*table, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = sep
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t := &table{header: header}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		t.records = append(t.records, rec)
	}
	return t, nil
}

func (g *generator) write(name string, header []string, rows [][]string) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(header); err != nil {
		return err
	}
	if err := w.WriteAll(rows); err != nil {
		return err
	}
	path := filepath.Join(g.out, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return err
	}
	log.Printf("%s: %d rows, %d bytes", path, len(rows), buf.Len())
	return nil
}
