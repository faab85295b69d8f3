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
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
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
func lireTableau(name string, data []byte) (*tableau, error) {
	switch {
	case bytes.HasPrefix(data, signatureZip) || bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return lireZip(name, data)
	case bytes.HasPrefix(data, []byte("%PDF")):
		return nil, errNonTableur(name, "est un document PDF, pas un tableur (CSV ou XLSX)")
	case bytes.HasPrefix(data, signatureOLE):
		return nil, errNonTableur(name, "est au format Excel 97-2003 (.xls) ou protégé par un mot de passe, que l'import ne lit pas "+
			"(retirez d'abord le mot de passe s'il y en a un)")
	}
	texte, ok := decoderTexte(data)
	if !ok {
		return nil, errNonTableur(name, "")
	}
	if debut := strings.TrimSpace(texte[:min(len(texte), 512)]); strings.HasPrefix(debut, "<") || strings.HasPrefix(debut, "{") {
		// HTML tables saved as .xls by old web tools, XML Spreadsheet 2003,
		// JSON: text, but no table we read.
		return nil, errNonTableur(name, "est une page web, un fichier XML ou JSON, pas un tableur (CSV ou XLSX)")
	}
	return lireCSV(name, texte)
}

// lireZip accepts a zip only if it is an Excel workbook: other Office
// documents and archives are zips too.
func lireZip(name string, data []byte) (*tableau, error) {
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
		return lireXLSX(name, data, zr)
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

// decoderTexte returns the file as UTF-8. Excel writes CSV in UTF-8 with a
// byte-order mark (« CSV UTF-8 »), in Windows-1252 (« CSV (séparateur :
// point-virgule) » on a French Windows) or, for « Texte Unicode », in
// UTF-16. Text that is not valid UTF-8 is taken as Windows-1252, the only
// other encoding French files use. ok is false for binary content.
func decoderTexte(data []byte) (texte string, ok bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		texte = strings.ToValidUTF8(string(data[3:]), "\uFFFD")
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", false
		}
		texte = string(b)
	case utf8.Valid(data):
		texte = string(data)
	default:
		b, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return "", false
		}
		texte = string(b)
	}
	// Binary files (images, PDF, executables) hold NUL and other control
	// characters that no table has.
	controles, n := 0, 0
	for _, r := range texte[:min(len(texte), 8192)] {
		n++
		if r == 0 {
			return "", false
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == utf8.RuneError {
			controles++
		}
	}
	return texte, controles*20 <= n
}

// lireCSV chooses the separator that makes the header line recognisable
// (French Excel writes ";", other tools ","; « Texte Unicode » a tab), then
// reads the whole text.
func lireCSV(name, texte string) (*tableau, error) {
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
	sep, meilleur := byte(';'), -1
	for _, s := range []byte{';', '\t', ','} {
		lignes, _ := decouperCSV(debut, s)
		_, c := trouverEntete(lignes)
		// Equal scores: the separator seen most in the first line.
		score := c.score()*1000 + min(strings.Count(premiere, string(s)), 999)
		if score > meilleur {
			sep, meilleur = s, score
		}
	}
	lignes, err := decouperCSV(texte, sep)
	if err != nil {
		return nil, fmt.Errorf("le fichier « %s » est un CSV mal formé : %w", name, err)
	}
	t := &tableau{lignes: lignes}
	t.entete, t.carte = trouverEntete(lignes)
	return t, nil
}

// errGuillemet reports a quoted field never closed: reading on would swallow
// the rest of the file into one cell.
type errGuillemet struct{ ligne int }

func (e errGuillemet) Error() string {
	return fmt.Sprintf("un guillemet (\") ouvert ligne %d n'est jamais refermé ; dans cette cellule, doublez les "+
		"guillemets (\"\") ou retirez-les, ou ouvrez le fichier dans votre tableur et enregistrez-le de nouveau en CSV", e.ligne)
}

// decouperCSV splits CSV text into lines of cells. It is written here rather
// than with encoding/csv because that package drops blank lines, which would
// shift the line numbers given in messages from those the spreadsheet
// shows, and refuses the stray quotes of hand-made files. Lines are
// numbered as records, as a spreadsheet numbers its rows, even when a
// quoted cell holds a line break.
func decouperCSV(s string, sep byte) ([][]string, error) {
	var (
		lignes [][]string
		ligne  []string
		cell   strings.Builder
	)
	i, n := 0, len(s)
	if n == 0 {
		return nil, nil
	}
	for {
		if i < n && s[i] == '"' {
			i++
			for {
				if i >= n {
					return lignes, errGuillemet{len(lignes) + 1}
				}
				j := strings.IndexByte(s[i:], '"')
				if j < 0 {
					return lignes, errGuillemet{len(lignes) + 1}
				}
				cell.WriteString(s[i : i+j])
				i += j + 1
				if i < n && s[i] == '"' {
					cell.WriteByte('"')
					i++
					continue
				}
				break
			}
		}
		// Unquoted cell, or what follows a closing quote before the
		// separator (kept rather than refused: « "Le Bon Coin" SAS »).
		j := i
		for j < n && s[j] != sep && s[j] != '\n' && s[j] != '\r' {
			j++
		}
		cell.WriteString(s[i:j])
		i = j
		ligne = append(ligne, cell.String())
		cell.Reset()
		if i >= n {
			lignes = append(lignes, ligne)
			return lignes, nil
		}
		if s[i] == sep {
			i++
			continue
		}
		if s[i] == '\r' {
			i++
		}
		if i < n && s[i] == '\n' {
			i++
		}
		lignes = append(lignes, ligne)
		ligne = nil
		if i >= n {
			return lignes, nil
		}
	}
}

// lireXLSX reads the sheet of the register: the first sheet named like
// « Conseillers » or « CEE », else the first sheet whose header has the
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
func lireXLSX(name string, data []byte, zr *zip.Reader) (t *tableau, err error) {
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
		if n := normaliser(s); strings.Contains(n, "conseiller") || strings.Contains(" "+n+" ", " cee ") {
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
		entete, c := trouverEntete(lignes)
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
func milliers(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
}
