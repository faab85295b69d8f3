package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"

	"cee/internal/model"
)

// tableau is a sheet read from the file, before any interpretation of its
// cells.
type tableau struct {
	// lignes[i] is line i+1 of the file as a spreadsheet numbers it.
	lignes [][]string
	// entete is the index of the header line in lignes.
	entete int
	carte  carte
	// formules holds the cells of the mapped columns that hold a formula in
	// an XLSX file: their value is a computed result, refused like typed
	// formulas.
	formules map[cellule]bool
	// date1904 is set for a workbook in the 1904 date system (old Mac Excel).
	date1904 bool
	// affiche returns the text a cell shows in the spreadsheet, for an XLSX
	// whose cells were read raw; nil for CSV.
	affiche func(i, j int) string
	// fermer releases the workbook; nil for CSV.
	fermer func()
	// illisibles maps the index in lignes of the lines that could not be
	// read (a quote never closed) to their message; they are rejected.
	illisibles map[int]string
	// encodage is the encoding of a CSV file, "" for XLSX.
	encodage Encodage
}

type cellule struct{ ligne, colonne int }

var (
	signatureZip = []byte("PK\x03\x04")
	// signatureOLE starts the compound files of Excel 97-2003 (.xls) and of
	// password-protected .xlsx, which Excel wraps in the same container.
	signatureOLE = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// lireTableau tells XLSX from CSV by the content: the extension of an
// upload says little (a CSV saved as .xls, a photo renamed .xlsx).
func lireTableau(name string, data []byte, m *modele, corr Correspondance) (*tableau, error) {
	switch {
	case bytes.HasPrefix(data, signatureZip) || bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return lireZip(name, data, m, corr)
	case bytes.HasPrefix(data, []byte("%PDF")):
		return nil, errNonTableur(name, "est un document PDF, pas un tableur (CSV ou XLSX)")
	case bytes.HasPrefix(data, signatureOLE):
		return nil, errNonTableur(name, "est au format Excel 97-2003 (.xls) ou protégé par un mot de passe, que l'import ne lit pas "+
			"(retirez d'abord le mot de passe s'il y en a un)")
	}
	texte, enc, ok := DecoderTexte(data)
	if !ok {
		return nil, errNonTableur(name, "")
	}
	if debut := strings.TrimSpace(texte[:min(len(texte), 512)]); strings.HasPrefix(debut, "<") || strings.HasPrefix(debut, "{") {
		// HTML tables saved as .xls by old web tools, XML Spreadsheet 2003,
		// JSON: text, but no table we read.
		return nil, errNonTableur(name, "est une page web, un fichier XML ou JSON, pas un tableur (CSV ou XLSX)")
	}
	return lireCSV(texte, enc, m, corr), nil
}

// lireZip accepts a zip only if it is an Excel workbook: other Office
// documents and archives are zips too.
func lireZip(name string, data []byte, m *modele, corr Correspondance) (*tableau, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errNonTableur(name, "est une archive endommagée ou incomplète, pas un tableur lisible (CSV ou XLSX)")
	}
	noms := map[string]*zip.File{}
	for _, f := range zr.File {
		noms[f.Name] = f
	}
	switch {
	case noms["xl/workbook.xml"] != nil:
		return lireXLSX(name, data, zr, m, corr)
	case noms["xl/workbook.bin"] != nil:
		return nil, errNonTableur(name, "est un classeur binaire Excel (.xlsb), que l'import ne lit pas")
	case noms["mimetype"] != nil && strings.Contains(lireEntree(noms["mimetype"]), "opendocument.spreadsheet"):
		return nil, errNonTableur(name, "est au format OpenDocument (.ods), que l'import ne lit pas")
	}
	return nil, errNonTableur(name, "")
}

func lireEntree(f *zip.File) string {
	r, err := f.Open()
	if err != nil {
		return ""
	}
	defer r.Close()
	b, _ := io.ReadAll(io.LimitReader(r, 200))
	return string(b)
}

// lireCSV chooses the separator that makes the header line recognisable
// (French Excel writes ";", other tools ","; « Texte Unicode » a tab), then
// reads the whole text. Lines are numbered as records, as a spreadsheet
// numbers its rows, even when a quoted cell holds a line break; the lines
// lost to a quote never closed keep one number each, and are rejected.
func lireCSV(texte string, enc Encodage, m *modele, corr Correspondance) *tableau {
	debut := texte[:min(len(texte), 64<<10)]
	if i := strings.LastIndexAny(debut, "\r\n"); i > 0 && len(debut) < len(texte) {
		debut = debut[:i]
	}
	premiere := ""
	for _, l := range strings.Split(debut, "\n") {
		if strings.TrimSpace(l) != "" {
			premiere = l
			break
		}
	}
	sep, meilleur, colonnes := byte(';'), -1, 0
	for _, s := range []byte{';', '\t', ','} {
		lignes, _ := enLignes(lireTout(debut, s, 0))
		i, c := trouverEntete(lignes, m, corr)
		// Equal scores: the separator seen most in the first line.
		score := c.score()*1000 + min(strings.Count(premiere, string(s)), 999)
		if score > meilleur {
			sep, meilleur, colonnes = s, score, 0
			if i >= 0 {
				colonnes = len(lignes[i])
			}
		}
	}
	lignes, illisibles := enLignes(lireTout(texte, sep, colonnes))
	t := &tableau{lignes: lignes, illisibles: illisibles, encodage: enc}
	t.entete, t.carte = trouverEntete(lignes, m, corr)
	return t
}

// enLignes numbers the records as a spreadsheet numbers its rows: one line
// per record, and one per physical line lost to an unclosed quote, so that
// each is counted. illisibles maps the index of each lost line to its
// message.
func enLignes(recs []enregistrement) ([][]string, map[int]string) {
	lignes := make([][]string, 0, len(recs))
	var illisibles map[int]string
	for _, e := range recs {
		if !e.guillemet {
			lignes = append(lignes, e.cellules)
			continue
		}
		if illisibles == nil {
			illisibles = map[int]string{}
		}
		premiere := len(lignes) + 1
		e.debut, e.fin = premiere, premiere+e.fin-e.debut
		for k := e.debut; k <= e.fin; k++ {
			msg := e.message()
			if k > e.debut {
				msg = fmt.Sprintf("ligne non lue : prise dans le guillemet non fermé de la ligne %d", e.debut)
			}
			illisibles[len(lignes)] = msg
			lignes = append(lignes, nil)
		}
	}
	return lignes, illisibles
}

// lireXLSX reads the sheet of the file: the first sheet named like its
// content (modele.feuilles: « Conseillers » or « CEE » for the register), else the first sheet whose header has the
// mandatory columns, else the first non-empty one (which then yields the
// message about missing columns). Visible sheets come before hidden ones.
//
// Cells are read raw, that is without their number format: a date then
// arrives as its serial number whatever format the cell shows, and reading
// 5,000 lines takes a fraction of a second, where excelize's date
// formatting alone costs over a second. For the texts and numbers of a
// register the raw value is what the cell shows, give or take leading
// zeros, which the fields restore (postcode, phone, département); when a
// number still does not read (a SIRET whose leading 0 only its format
// shows), the displayed text is tried, see tableau.affiche.
//
// The caller must call t.fermer.
func lireXLSX(name string, data []byte, zr *zip.Reader, m *modele, corr Correspondance) (t *tableau, err error) {
	illisible := errNonTableur(name, "est un classeur Excel endommagé ou illisible")
	var f *excelize.File
	defer func() {
		// excelize parses untrusted XML; a panic in it must not take the
		// server down.
		if r := recover(); r != nil {
			t, err = nil, illisible
		}
		if err != nil && f != nil {
			f.Close()
		}
	}()
	f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 256 << 20})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) {
			return nil, errNonTableur(name, "")
		}
		return nil, illisible
	}

	var visibles, cachees []string
	for _, s := range f.GetSheetList() {
		if v, err := f.GetSheetVisible(s); err == nil && !v {
			cachees = append(cachees, s)
			continue
		}
		if m.feuillePreferee(s) {
			visibles = append([]string{s}, visibles...)
			continue
		}
		visibles = append(visibles, s)
	}
	var feuille string
	for _, s := range append(visibles, cachees...) {
		lignes, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, illisible
		}
		entete, c := trouverEntete(lignes, m, corr)
		if entete < 0 {
			continue
		}
		if t == nil || len(c.manquants()) == 0 && len(t.carte.manquants()) > 0 {
			t, feuille = &tableau{lignes: lignes, entete: entete, carte: c}, s
		}
		if len(c.manquants()) == 0 {
			break
		}
	}
	if t == nil {
		return nil, fmt.Errorf("le classeur « %s » ne contient aucune donnée : vérifiez que vous avez choisi le bon fichier", name)
	}
	t.fermer = func() { f.Close() }
	if len(t.carte.manquants()) > 0 {
		return t, nil
	}
	if err := t.verifierTaille(); err != nil {
		return nil, err
	}
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		t.date1904 = *p.Date1904
	}
	t.affiche = func(i, j int) (v string) {
		defer func() {
			if recover() != nil {
				v = ""
			}
		}()
		ref, err := excelize.CoordinatesToCellName(j+1, i+1)
		if err != nil {
			return ""
		}
		v, _ = f.GetCellValue(feuille, ref)
		return v
	}
	if formules, ok := cellulesFormules(zr, feuille); ok {
		t.formules = formules
		return t, nil
	}
	// The sheet could not be scanned (a writer that leaves out cell
	// references): ask excelize cell by cell in the mapped columns of the
	// data lines. The first call loads the whole sheet, which costs about as
	// much as reading it.
	t.formules = map[cellule]bool{}
	for i := t.entete + 1; i < len(t.lignes); i++ {
		l := t.lignes[i]
		if ligneVide(l) {
			continue
		}
		for _, cols := range t.carte.colonnes {
			for _, j := range cols {
				if j >= len(l) {
					continue
				}
				ref, err := excelize.CoordinatesToCellName(j+1, i+1)
				if err != nil {
					return nil, illisible
				}
				if fo, err := f.GetCellFormula(feuille, ref); err == nil && fo != "" {
					t.formules[cellule{i, j}] = true
				}
			}
		}
	}
	return t, nil
}

// cellulesFormules returns the cells of a sheet that hold a formula, found
// by scanning the bytes of its XML part for formula elements (<f>, <f
// t="shared" …/>, <x:f> with a namespace prefix) and reading the reference
// of the enclosing cell. excelize has no call for this but one cell at a
// time, after loading the whole sheet: this costs milliseconds instead of a
// second for 5,000 lines. Cell text cannot fake an element, XML escapes its
// "<". ok is false when the scan cannot tell, and the caller falls back on
// excelize.
func cellulesFormules(zr *zip.Reader, feuille string) (map[cellule]bool, bool) {
	chemin, ok := cheminFeuille(zr, feuille)
	if !ok {
		return nil, false
	}
	b, ok := lirePartie(zr, chemin, 512<<20)
	if !ok {
		return nil, false
	}
	return formulesDe(b)
}

// formulesDe returns the cells of a sheet's XML that hold a formula.
func formulesDe(b []byte) (map[cellule]bool, bool) {
	formules := map[cellule]bool{}
	for off := 0; ; {
		i, prefixe := prochainF(b[off:])
		if i < 0 {
			return formules, true
		}
		c, ok := celluleDe(b[:off+i], prefixe)
		if !ok {
			return nil, false
		}
		formules[c] = true
		off += i + 1
	}
}

// cheminFeuille finds the XML part of a sheet through the workbook and its
// relationships, as excelize does.
func cheminFeuille(zr *zip.Reader, feuille string) (string, bool) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"id,attr"` // r:id, whatever the namespace
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	b, ok := lirePartie(zr, "xl/workbook.xml", 64<<20)
	if !ok || xml.Unmarshal(b, &wb) != nil {
		return "", false
	}
	b, ok = lirePartie(zr, "xl/_rels/workbook.xml.rels", 64<<20)
	if !ok || xml.Unmarshal(b, &rels) != nil {
		return "", false
	}
	for _, s := range wb.Sheets {
		if s.Name != feuille {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == s.ID {
				if strings.HasPrefix(r.Target, "/") {
					return r.Target[1:], true
				}
				return path.Join("xl", r.Target), true
			}
		}
	}
	return "", false
}

func lirePartie(zr *zip.Reader, nom string, limite int64) ([]byte, bool) {
	for _, zf := range zr.File {
		if zf.Name != nom {
			continue
		}
		r, err := zf.Open()
		if err != nil {
			return nil, false
		}
		defer r.Close()
		b, err := io.ReadAll(io.LimitReader(r, limite))
		return b, err == nil
	}
	return nil, false
}

// prochainF returns the index of the "<" of the next formula element in b,
// and its namespace prefix; -1 when there is none.
func prochainF(b []byte) (int, string) {
	for off := 0; ; {
		i := bytes.IndexByte(b[off:], '<')
		if i < 0 {
			return -1, ""
		}
		p := off + i + 1
		k := longueurNom(b[p:])
		nom, prefixe := b[p:p+k], ""
		if p+k < len(b) && b[p+k] == ':' {
			// A prefixed name: the local name follows.
			k2 := longueurNom(b[p+k+1:])
			prefixe, nom = string(nom), b[p+k+1:p+k+1+k2]
			k += 1 + k2
		}
		if len(nom) == 1 && nom[0] == 'f' && p+k < len(b) && strings.IndexByte("> /\t\n\r", b[p+k]) >= 0 {
			return off + i, prefixe
		}
		off = p
	}
}

var reAttributR = regexp.MustCompile(`\sr\s*=\s*(?:"([^"]*)"|'([^']*)')`)

// celluleDe returns the cell whose start tag is the last one in b.
func celluleDe(b []byte, prefixe string) (cellule, bool) {
	ouvre := []byte("<c")
	if prefixe != "" {
		ouvre = []byte("<" + prefixe + ":c")
	}
	for fin := len(b); ; {
		k := bytes.LastIndex(b[:fin], ouvre)
		if k < 0 {
			return cellule{}, false
		}
		apres := k + len(ouvre)
		if apres < len(b) && strings.IndexByte(" \t\n\r>", b[apres]) >= 0 {
			tag := b[k:]
			if e := bytes.IndexByte(tag, '>'); e >= 0 {
				tag = tag[:e]
			}
			m := reAttributR.FindSubmatch(tag)
			if m == nil {
				return cellule{}, false
			}
			col, ligne, err := excelize.CellNameToCoordinates(string(m[1]) + string(m[2]))
			if err != nil {
				return cellule{}, false
			}
			return cellule{ligne - 1, col - 1}, true
		}
		fin = k
	}
}

// longueurNom returns the length of the XML name at the start of b (ASCII
// names are enough for the elements of SpreadsheetML).
func longueurNom(b []byte) int {
	k := 0
	for k < len(b) && k < 64 {
		c := b[k]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			break
		}
		k++
	}
	return k
}

// verifierTaille refuses a table with more than LignesMax data lines.
func (t *tableau) verifierTaille() error {
	n := 0
	for _, l := range t.lignes[t.entete+1:] {
		if !ligneVide(l) {
			n++
		}
	}
	if n > LignesMax {
		return fmt.Errorf("trop de lignes (%s) : %s au plus ; découpez le fichier", milliers(n), milliers(LignesMax))
	}
	return nil
}

// milliers writes an integer with French digit grouping: 20 000.
func milliers(n int) string { return model.Milliers(n) }
