package importer

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encodage is the character encoding a text file was read in, said in the
// import summaries so that a wrong guess is visible.
type Encodage string

// The encodings of the French spreadsheets: Excel writes « CSV UTF-8 » with a
// byte-order mark, « CSV (séparateur : point-virgule) » in Windows-1252 on a
// French Windows, and « Texte Unicode » in UTF-16.
const (
	UTF8        Encodage = "UTF-8"
	Windows1252 Encodage = "Windows-1252"
	UTF16       Encodage = "UTF-16"
)

// carInvalide is what a byte that is not UTF-8 becomes in a UTF-8 file: the
// readers reject the lines holding it (« caractère invalide ») rather than
// import a name with a hole in it.
const carInvalide = utf8.RuneError

// msgCarInvalide is the message of a cell holding carInvalide.
const msgCarInvalide = "caractère invalide : un octet n'est pas un caractère du fichier (UTF-8) ; retapez le texte de cette " +
	"cellule, souvent une lettre accentuée collée depuis un autre fichier"

var errBinaire = errors.New("contenu binaire")

// Decoder is the one decoder of the imported text files (register of CEE,
// Annuaire de l'éducation, juries, invitations): it returns r as UTF-8,
// without byte-order mark, and the encoding it was read in.
//
// The encoding is decided on evidence, from the first echantillon bytes: a
// byte-order mark says it; text that is valid UTF-8, or whose valid
// multi-byte UTF-8 sequences (accented letters) outnumber the bytes that
// are not UTF-8, is UTF-8 — a stray byte pasted from another file must not
// turn « Prénom » into « PrÃ©nom » and hide every column; only text with
// non-UTF-8 bytes and (almost) no UTF-8 letter is Windows-1252, the one other
// encoding French files use. In UTF-8, each byte that is not UTF-8 becomes
// U+FFFD, which the readers reject line by line.
//
// The error is errBinaire for content that no table has (NUL bytes or
// mostly control characters in the sample).
func Decoder(r io.Reader, echantillon int) (io.Reader, Encodage, error) {
	br := bufio.NewReaderSize(r, max(echantillon, 16))
	debut, err := br.Peek(echantillon)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, "", err
	}
	var (
		out io.Reader
		enc Encodage
	)
	switch {
	case bytes.HasPrefix(debut, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
		out, enc = transform.NewReader(br, unicode.UTF8.NewDecoder()), UTF8
	case bytes.HasPrefix(debut, []byte{0xFF, 0xFE}) || bytes.HasPrefix(debut, []byte{0xFE, 0xFF}):
		out, enc = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), UTF16
	case estUTF8(debut, len(debut) == echantillon):
		out, enc = transform.NewReader(br, unicode.UTF8.NewDecoder()), UTF8
	default:
		out, enc = transform.NewReader(br, charmap.Windows1252.NewDecoder()), Windows1252
	}
	bout := bufio.NewReaderSize(out, 8192)
	texte, _ := bout.Peek(8192)
	if binaire(texte) {
		return nil, enc, errBinaire
	}
	return bout, enc, nil
}

// DecoderTexte is Decoder for a whole file in memory: the whole file is the
// sample. ok is false for binary content.
func DecoderTexte(data []byte) (texte string, enc Encodage, ok bool) {
	r, enc, err := Decoder(bytes.NewReader(data), max(len(data), 1))
	if err != nil {
		return "", enc, false
	}
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	if _, err := io.Copy(&b, r); err != nil {
		return "", enc, false
	}
	return b.String(), enc, true
}

// estUTF8 tells whether b reads as UTF-8: valid, or with more valid
// multi-byte sequences than invalid bytes. coupe is set when b is a prefix
// of the file, whose last sequence may be cut.
func estUTF8(b []byte, coupe bool) bool {
	if coupe {
		for k := 1; k <= utf8.UTFMax && k <= len(b); k++ {
			if utf8.RuneStart(b[len(b)-k]) {
				if !utf8.FullRune(b[len(b)-k:]) {
					b = b[:len(b)-k]
				}
				break
			}
		}
	}
	if utf8.Valid(b) {
		return true
	}
	valides, invalides := 0, 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			b = b[1:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			invalides++
		} else {
			valides++
		}
		b = b[n:]
	}
	return valides > invalides
}

// binaire tells content that is no table: images, PDF and executables hold
// NUL and other control characters.
func binaire(b []byte) bool {
	s := string(b)
	if len(b) == 8192 {
		// The last rune may be cut.
		s = strings.ToValidUTF8(s[:len(s)-utf8.UTFMax], "")
	}
	controles, n := 0, 0
	for _, r := range s {
		n++
		if r == 0 {
			return true
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == utf8.RuneError {
			controles++
		}
	}
	return controles*20 > n
}

// Mention is the sentence of the summaries about the encoding of a file
// not read as UTF-8, so that a wrong guess shows; "" for UTF-8 and XLSX.
func (e Encodage) Mention() string {
	if e == "" || e == UTF8 {
		return ""
	}
	return "Fichier lu comme du " + string(e) + " : si des accents s'affichent mal, enregistrez-le de nouveau au format « CSV UTF-8 »."
}
