// Package importer reads an académie's register of CEE from the spreadsheet it
// keeps today (XLSX, or CSV as Excel and LibreOffice export it) and returns
// the rows normalised and validated, with one French message per problem so
// that the pilot team can fix the file and import it again. It reads the
// schools of the Annuaire de l'éducation (open data CSV) the same way. It
// only parses: it neither reads nor writes the database.
package importer

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Limits on what one import may hold. An académie has at most a few hundred
// CEE; the margins let a national file through while a wrong file (a whole
// SIRENE extract, a photo) is stopped before it costs memory.
const (
	// TailleMax is the largest file accepted, in bytes (10 Mo).
	TailleMax = 10 << 20
	// LignesMax is the largest number of data lines (non-empty lines after
	// the header).
	LignesMax = 20000
)

// Ligne is one valid row of the file, normalised.
type Ligne struct {
	// Numero is the line number in the file as a spreadsheet shows it: the
	// header is 1 when it is the first line.
	Numero int
	// Civilite is "M.", "Mme" or "".
	Civilite string
	// Nom and Prenom are trimmed, internal spaces collapsed; Nom keeps the
	// case it was written in.
	Nom, Prenom string
	// Email is lower-cased and valid.
	Email string
	// Telephone is "06 12 34 56 78" for a French number (also from +33 and
	// the overseas codes), "+" and digits for a foreign one, "" if absent.
	Telephone  string
	Entreprise string
	// SIRET is 14 digits with a valid check digit, "" if absent.
	SIRET string
	// Statut is "employeur", "salarie", "artisan", "autre" or "".
	Statut string
	// CodeNAF is a NAF rév. 2 sous-classe in the INSEE form "62.01Z", or "".
	CodeNAF string
	// Secteur is the activity as written, without the NAF code when the cell
	// started with one.
	Secteur      string
	Organisation string
	Commune      string
	// CodePostal is 5 digits.
	CodePostal string
	// Departement is the INSEE code ("31", "2A", "971"), from its column or
	// derived from the postcode; "" when neither tells.
	Departement string
	// DebutMandat and FinMandat are dates at midnight UTC, zero if absent.
	DebutMandat, FinMandat time.Time
	// Specialites are the items of the cell split on ; , | or line breaks.
	Specialites []string
}

// Erreur is one problem found in the file.
type Erreur struct {
	// Ligne is the line number, as in Ligne.Numero.
	Ligne int
	// Colonne is the header of the column as written in the file (trimmed),
	// or "" when the problem concerns the whole line.
	Colonne string
	// Message says in French what is wrong and what to write instead.
	Message string
}

// Rapport is the result of reading a file.
type Rapport struct {
	// Lignes are the lines without any error, in file order.
	Lignes []Ligne
	// Erreurs are sorted by line, then by column order in the file.
	Erreurs []Erreur
	// Ignorees counts the empty lines between the header and the last data
	// line.
	Ignorees int
	// Colonnes maps a field name of Ligne ("Nom", "Email", "CodePostal", …) to
	// the header of the column it was read from. When several columns feed
	// one field (« Téléphone » and « Portable »), the first non-empty one
	// wins on each line and the headers are joined with " / ".
	Colonnes map[string]string
	// ColonnesInconnues are the headers that match no field, in file order;
	// they are ignored, and listed in the mapping (Correspondance) so that
	// the person may give them a field.
	ColonnesInconnues []string
	// Correspondance is how each column of the header line was understood,
	// in file order: guessed, chosen, or not understood (ColonneLue.Inconnue).
	Correspondance []ColonneLue
	// Encodage is the encoding a CSV file was read in (see Decoder), "" for
	// an XLSX workbook.
	Encodage Encodage
}

// Lire reads a CSV or XLSX file. The format is told by the content, not by
// the name, which only appears in messages.
//
// A problem that stops the whole file (too large, not a spreadsheet, a
// mandatory column missing, too many lines) is returned as an error with a
// French message saying what to do; the Rapport then holds what was found,
// e.g. the columns, for the preview. Problems of single lines go to
// Rapport.Erreurs.
func Lire(name string, data []byte) (Rapport, error) { return LireAvec(name, data, nil) }

// LireAvec is Lire with the person's choice of columns (corr): a column
// it names is read as the field it gives, or ignored (""); the others are
// guessed. Rapport.Correspondance says how each column was understood.
func LireAvec(name string, data []byte, corr Correspondance) (Rapport, error) {
	t, err := ouvrir(name, data, modeleConseillers, corr)
	if err != nil {
		return Rapport{}, err
	}
	if t.fermer != nil {
		defer t.fermer()
	}
	return analyser(t)
}

// ouvrir reads the table of a file of kind m, after the checks that do not
// depend on its content. The caller must call t.fermer when it is set.
func ouvrir(name string, data []byte, m *modele, corr Correspondance) (*tableau, error) {
	if len(data) > TailleMax {
		return nil, fmt.Errorf("fichier trop volumineux (%s Mo) : %d Mo au plus ; découpez-le",
			megaoctets(len(data)), TailleMax>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("le fichier « %s » est vide : choisissez le fichier de %s", name, m.quoi)
	}
	return lireTableau(name, data, m, corr)
}

// megaoctets writes a size in Mo with one decimal and a French comma,
// rounded up so that a file just over the limit never shows as "10,0 Mo".
func megaoctets(n int) string {
	mo := math.Ceil(float64(n)/(1<<20)*10) / 10
	return strings.Replace(fmt.Sprintf("%.1f", mo), ".", ",", 1)
}

// errNonTableur builds the message for a file that is no spreadsheet we
// read, with the way to get one.
func errNonTableur(name, quoi string) error {
	if quoi == "" {
		quoi = "n'est pas un tableur (CSV ou XLSX)"
	}
	return errors.New("le fichier « " + name + " » " + quoi +
		" : ouvrez votre liste dans Excel ou LibreOffice, puis « Enregistrer sous » au format " +
		"Classeur Excel (.xlsx) ou CSV (séparateur point-virgule), et importez ce fichier")
}
