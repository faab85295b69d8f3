package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"cee/internal/importer"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/workflow"
)

// tailleMaxAnnuaire caps an uploaded file of the Annuaire de l'éducation.
const tailleMaxAnnuaire = 30 << 20

type etabImportData struct {
	Err        string
	Simulation bool
	// Academie is the pilote's: the lines of the other académies are set
	// aside. Empty for an admin, who imports the whole file.
	Academie string
	// After the upload.
	Fait            bool
	Nom             string
	Res             workflow.ImportEtablissementsResult
	AutresAcademies int // lines set aside, counted in Ignores
	Lues, Ignores   int
	Rejetes         int
	Erreurs         []importer.Erreur
	RapportCSV      string // data: URL of the rejected lines, as CSV
}

func etabImportTitle() string { return "Importer l'Annuaire de l'éducation" }

func newEtabImportData(r *http.Request) etabImportData {
	u := currentUser(r)
	d := etabImportData{}
	if !policy.ChoisitAcademie(u.P) {
		d.Academie = u.P.H.Academie
	}
	return d
}

func (s *Server) handleEtablissementImportForm(w http.ResponseWriter, r *http.Request) error {
	return render(w, r, http.StatusOK, etabImportPage(s.layout(r, etabImportTitle()), newEtabImportData(r)))
}

// handleEtablissementImport imports an uploaded file of the Annuaire de
// l'éducation through the same workflow as the command line. The file is
// national: a pilote's import keeps only the lines of their académie, so
// that it never changes another académie's schools.
func (s *Server) handleEtablissementImport(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	d := newEtabImportData(r)
	fail := func(msg string) error {
		d.Err = msg
		return render(w, r, http.StatusUnprocessableEntity, etabImportPage(s.layout(r, etabImportTitle()), d))
	}
	file, head, err := r.FormFile("fichier")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || (err == nil && head.Size > tailleMaxAnnuaire):
		return fail("Fichier trop volumineux : 30 Mo au plus. Pour la France entière, importez-le en ligne de commande (cee import etablissements).")
	case err != nil:
		return fail("Choisissez le fichier CSV de l'Annuaire de l'éducation (30 Mo au plus).")
	}
	defer file.Close()
	d.Simulation = r.PostFormValue("simulation") == "oui"
	d.Nom = head.Filename

	var in io.Reader = file
	var horsFiltre []importer.Erreur
	if d.Academie != "" {
		data, err := io.ReadAll(file)
		if err != nil {
			return fail("Fichier illisible ou trop volumineux : 30 Mo au plus.")
		}
		// A line of the académie whose UAI is a school of another académie
		// would move that school: it is set aside too.
		ailleurs := func(uai string) (bool, error) {
			uai, _ = refdata.NormalizeUAI(uai)
			e, err := s.store.GetEtablissement(r.Context(), uai)
			if errors.Is(err, store.ErrNotFound) {
				return false, nil
			}
			return err == nil && e.Academie != d.Academie, err
		}
		filtre, autres, errs, err := filtrerAcademie(data, d.Academie, ailleurs)
		var ef importer.ErreurFichier
		if errors.As(err, &ef) {
			return fail(ef.Message)
		}
		if err != nil {
			return err
		}
		in, d.AutresAcademies, horsFiltre = bytes.NewReader(filtre), autres, errs
	}
	res, err := workflow.ImportEtablissements(r.Context(), s.store, in, workflow.ImportEtablissementsOptions{
		DryRun: d.Simulation, Actor: workflow.Actor{Compte: u.Compte, P: u.P, IP: clientIP(r)}})
	var ef importer.ErreurFichier
	if errors.As(err, &ef) {
		return fail(ef.Message)
	}
	if err != nil {
		return err
	}
	d.Fait, d.Res = true, res
	d.Lues = res.Lues + d.AutresAcademies + len(horsFiltre)
	d.Ignores = res.Ignores + d.AutresAcademies
	d.Rejetes = res.Rejetes + len(horsFiltre)
	d.Erreurs = append(append([]importer.Erreur(nil), res.Erreurs...), horsFiltre...)
	sort.SliceStable(d.Erreurs, func(i, j int) bool { return d.Erreurs[i].Ligne < d.Erreurs[j].Ligne })
	if len(d.Erreurs) > 0 {
		d.RapportCSV = rapportCSV(d.Erreurs)
	}
	return render(w, r, http.StatusOK, etabImportPage(s.layout(r, etabImportTitle()), d))
}

// Bilan is the counts of the import, in one sentence.
func (d etabImportData) Bilan() string {
	return fmt.Sprintf("Importés : %d · Mis à jour : %d · Inchangés : %d · Rejetés : %d · Ignorés : %d (sur %d lignes lues)",
		d.Res.Importes, d.Res.MisAJour, d.Res.Inchanges, d.Rejetes, d.Ignores, d.Lues)
}

// rapportCSV is the report of the rejected lines as a data: URL: a CSV
// with « ; » and a byte-order mark, as spreadsheets expect.
func rapportCSV(errs []importer.Erreur) string {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	cw := csv.NewWriter(&b)
	cw.Comma = ';'
	cw.Write([]string{"Ligne", "Colonne", "Motif"})
	for _, e := range errs {
		line := "fichier"
		if e.Ligne > 0 {
			line = strconv.Itoa(e.Ligne)
		}
		cw.Write([]string{line, e.Colonne, e.Message})
	}
	cw.Flush()
	return "data:text/csv;charset=utf-8;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
}

// filtrerAcademie returns the file with only the data lines of one
// académie (and those without académie, which the import rejects) whose
// UAI is not, for ailleurs, a school of another académie; the other lines
// become empty lines, which the reader skips,
// so that the line numbers of the rejected lines stay those of the uploaded
// file. It returns the number of lines set aside and, as rejected lines,
// those it could not read (the reader would reject them too). The result is
// UTF-8 with the file's separator.
func filtrerAcademie(data []byte, academie string, ailleurs func(uai string) (bool, error)) ([]byte, int, []importer.Erreur, error) {
	pasCSV := importer.ErreurFichier{Message: "ce fichier n'est pas un CSV : téléchargez l'Annuaire de l'éducation au format CSV " +
		"(séparateur point-virgule) sur data.education.gouv.fr"}
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return nil, 0, nil, pasCSV
		}
		data = dec
	case !utf8.Valid(data):
		dec, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, 0, nil, pasCSV
		}
		data = dec
	}
	premiere := data
	if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
		premiere = data[:i]
	}
	if bytes.IndexByte(premiere, 0) >= 0 || bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("%PDF")) {
		return nil, 0, nil, pasCSV
	}
	sep, n := ';', bytes.Count(premiere, []byte(";"))
	for _, c := range []rune{',', '\t'} {
		if k := bytes.Count(premiere, []byte(string(c))); k > n {
			sep, n = c, k
		}
	}
	cr := csv.NewReader(bufio.NewReader(bytes.NewReader(data)))
	cr.Comma, cr.FieldsPerRecord = sep, -1
	var out bytes.Buffer
	cw := csv.NewWriter(&out)
	cw.Comma = sep
	cur := 1 // the line of out being written
	write := func(rec []string, line int) {
		if line > cur {
			cw.Flush()
			out.WriteString(strings.Repeat("\n", line-cur))
			cur = line
		}
		cw.Write(rec)
		cur++
		for _, f := range rec {
			cur += strings.Count(f, "\n")
		}
	}
	entete, err := cr.Read()
	if err != nil {
		return nil, 0, nil, importer.ErreurFichier{Message: "la ligne d'en-tête est illisible : téléchargez l'Annuaire de l'éducation au format CSV sur data.education.gouv.fr"}
	}
	col, colUAI := -1, -1
	for j, h := range entete {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "code_academie":
			if col < 0 {
				col = j
			}
		case "identifiant_de_l_etablissement", "numero_uai", "uai", "code uai":
			if colUAI < 0 {
				colUAI = j
			}
		}
	}
	if col < 0 {
		return nil, 0, nil, importer.ErreurFichier{Message: "colonne Code_academie introuvable : ce fichier n'est pas l'Annuaire de l'éducation tel que publié " +
			"sur data.education.gouv.fr (séparateur point-virgule, en-têtes d'origine)"}
	}
	line, _ := cr.FieldPos(0)
	write(entete, line)
	autres := 0
	var errs []importer.Erreur
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			errs = append(errs, importer.Erreur{Ligne: pe.StartLine, Message: "ligne illisible : un guillemet (\") n'est pas refermé ou " +
				"est mal placé ; si c'est la dernière ligne, le fichier est sans doute tronqué : téléchargez-le de nouveau"})
			continue
		}
		if err != nil {
			return nil, 0, nil, fmt.Errorf("lecture du fichier : %w", err)
		}
		v := ""
		if col < len(rec) {
			v = strings.TrimSpace(rec[col])
		}
		if len(v) == 1 {
			v = "0" + v
		}
		if v != "" && v != academie {
			autres++
			continue
		}
		if colUAI >= 0 && colUAI < len(rec) {
			if ok, err := ailleurs(strings.TrimSpace(rec[colUAI])); err != nil {
				return nil, 0, nil, err
			} else if ok {
				autres++
				continue
			}
		}
		line, _ := cr.FieldPos(0)
		write(rec, line)
	}
	cw.Flush()
	return out.Bytes(), autres, errs, cw.Error()
}

// gestionnaire tells a template whether the signed-in person manages an
// académie (admin or pilote), for the links to the management pages.
func gestionnaire(ctx context.Context) bool {
	u := userIn(ctx)
	return can(model.ResComptes, model.ActionGerer)(u)
}

func simulationValues(on bool) []string {
	if on {
		return []string{"oui"}
	}
	return nil
}
