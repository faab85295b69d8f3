package importer

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// lecteurCSV reads the records of CSV text one physical line at a time. It
// is written here rather than with encoding/csv because that package drops
// blank lines, which would shift the line numbers given in messages from
// those the spreadsheet shows, refuses the stray quotes of hand-made files,
// and lets a quote never closed swallow the rest of the file into one cell
// with one error, or none. It streams, so that the national Annuaire is
// read without holding it whole.
type lecteurCSV struct {
	br  *bufio.Reader
	sep byte
	// colonnes is the number of columns of the header, once known: a
	// quoted cell that runs into a line holding as many cells is a quote
	// never closed, not a cell with a line break (0: not checked).
	colonnes int
	// ligne counts the physical lines consumed.
	ligne int
	// enAttente are physical lines read and not yet consumed: the rest of a
	// line split on a lone "\r" (old Mac files), or a line read ahead.
	enAttente []string
	fini      bool
}

func nouveauLecteurCSV(r io.Reader, sep byte) *lecteurCSV {
	return &lecteurCSV{br: bufio.NewReaderSize(r, 64<<10), sep: sep}
}

// enregistrement is one record of the file.
type enregistrement struct {
	cellules []string
	// debut and fin are the physical lines of the record, 1-based: fin >
	// debut when a quoted cell holds line breaks.
	debut, fin int
	// guillemet is set when a quote opened on line debut is never closed:
	// the record is not read, and lines debut to fin are lost.
	guillemet bool
}

// message is the message of a record lost to an unclosed quote.
func (e enregistrement) message() string {
	perdues := fmt.Sprintf("la ligne %d n'a pas pu être lue", e.debut)
	if e.fin > e.debut {
		perdues = fmt.Sprintf("les lignes %d à %d n'ont pas pu être lues", e.debut, e.fin)
	}
	return fmt.Sprintf("guillemet (\") non fermé — %s ; dans la cellule, doublez les guillemets (\"\") ou retirez-les, "+
		"ou ouvrez le fichier dans votre tableur et enregistrez-le de nouveau en CSV", perdues)
}

// physique returns the next physical line without its end, false at the
// end of the text.
func (l *lecteurCSV) physique() (string, bool) {
	if len(l.enAttente) == 0 {
		if l.fini {
			return "", false
		}
		s, err := l.br.ReadString('\n')
		if err != nil {
			l.fini = true
			if s == "" {
				return "", false
			}
		}
		s = strings.TrimSuffix(strings.TrimSuffix(s, "\n"), "\r")
		l.enAttente = strings.Split(s, "\r")
	}
	s := l.enAttente[0]
	l.enAttente = l.enAttente[1:]
	l.ligne++
	return s, true
}

// remettre puts back the physical line just read.
func (l *lecteurCSV) remettre(s string) {
	l.enAttente = append([]string{s}, l.enAttente...)
	l.ligne--
}

// lire returns the next record; io.EOF at the end of the text.
func (l *lecteurCSV) lire() (enregistrement, error) {
	s, ok := l.physique()
	if !ok {
		return enregistrement{}, io.EOF
	}
	e := enregistrement{debut: l.ligne}
	var cell strings.Builder
	i := 0
	for {
		if i < len(s) && s[i] == '"' {
			i++
			for {
				j := strings.IndexByte(s[i:], '"')
				if j < 0 {
					// The cell goes on to the next line, unless that line is
					// a record of its own: then this quote is never closed.
					cell.WriteString(s[i:])
					suite, ok := l.physique()
					if !ok {
						e.fin, e.guillemet = l.ligne, true
						return e, nil
					}
					if l.ressembleEnregistrement(suite) {
						l.remettre(suite)
						e.fin, e.guillemet = l.ligne, true
						return e, nil
					}
					cell.WriteByte('\n')
					s, i = suite, 0
					continue
				}
				cell.WriteString(s[i : i+j])
				i += j + 1
				if i < len(s) && s[i] == '"' {
					cell.WriteByte('"')
					i++
					continue
				}
				break
			}
		}
		// Unquoted cell, or what follows a closing quote before the
		// separator (kept rather than refused: « "Le Bon Coin" SAS »).
		j := strings.IndexByte(s[i:], l.sep)
		if j < 0 {
			j = len(s)
		} else {
			j += i
		}
		cell.WriteString(s[i:j])
		e.cellules = append(e.cellules, cell.String())
		cell.Reset()
		if j >= len(s) {
			e.fin = l.ligne
			return e, nil
		}
		i = j + 1
	}
}

// ressembleEnregistrement tells whether a line met inside a quoted cell is
// rather a record of its own: it holds the header's number of cells and
// does not close the cell (a quote followed by a separator or the end of
// the line, not at the start of a cell).
func (l *lecteurCSV) ressembleEnregistrement(s string) bool {
	if l.colonnes < 2 {
		return false
	}
	cellules, debutCellule, entre := 1, true, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case entre:
			if c == '"' {
				if i+1 < len(s) && s[i+1] == '"' {
					i++
				} else {
					entre = false
				}
			}
			continue
		case c == '"' && debutCellule:
			entre = true
		case c == '"':
			if i+1 == len(s) || s[i+1] == l.sep {
				return false // closes the cell begun on an earlier line
			}
		case c == l.sep:
			cellules++
			debutCellule = true
			continue
		}
		debutCellule = false
	}
	return cellules >= l.colonnes
}

// lireTout reads the whole text, for tests and the samples that choose the
// separator.
func lireTout(s string, sep byte, colonnes int) []enregistrement {
	l := nouveauLecteurCSV(strings.NewReader(s), sep)
	l.colonnes = colonnes
	var out []enregistrement
	for {
		e, err := l.lire()
		if err != nil {
			return out
		}
		out = append(out, e)
	}
}
