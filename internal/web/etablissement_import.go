package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"strconv"

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

	o := workflow.ImportEtablissementsOptions{DryRun: d.Simulation, Actor: workflow.Actor{Compte: u.Compte, P: u.P, IP: clientIP(r)}}
	if d.Academie != "" {
		// The lines of the other académies are set aside, and so is a line
		// of the académie whose UAI is a school of another académie: it
		// would move that school. A line without académie is read, and
		// rejected.
		o.Garder = func(academie, uai string) (bool, error) {
			if academie != "" && academie != d.Academie {
				return false, nil
			}
			uai, _ = refdata.NormalizeUAI(uai)
			e, err := s.store.GetEtablissement(r.Context(), uai)
			if errors.Is(err, store.ErrNotFound) {
				return true, nil
			}
			return err == nil && e.Academie == d.Academie, err
		}
	}
	res, err := workflow.ImportEtablissements(r.Context(), s.store, file, o)
	var ef importer.ErreurFichier
	if errors.As(err, &ef) {
		return fail(ef.Message)
	}
	if err != nil {
		return err
	}
	d.Fait, d.Res = true, res
	d.AutresAcademies = res.Ecartes
	d.Lues = res.Lues
	d.Ignores = res.Ignores + res.Ecartes
	d.Rejetes = res.Rejetes
	d.Erreurs = res.Erreurs
	if len(d.Erreurs) > 0 {
		d.RapportCSV = rapportCSV(d.Erreurs)
	}
	return render(w, r, http.StatusOK, etabImportPage(s.layout(r, etabImportTitle()), d))
}

// Bilan is the counts of the import, in one sentence.
func (d etabImportData) Bilan() string {
	s := fmt.Sprintf("Importés : %d · Mis à jour : %d · Inchangés : %d · Rejetés : %d · Ignorés : %d (sur %d lignes lues)",
		d.Res.Importes, d.Res.MisAJour, d.Res.Inchanges, d.Rejetes, d.Ignores, d.Lues)
	if m := d.Res.Encodage.Mention(); m != "" {
		s += ". " + m
	}
	return s
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
