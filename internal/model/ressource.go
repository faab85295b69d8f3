package model

import (
	"bytes"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Ressource is a document or a link shared with the network, national
// (Academie "") or of one académie, for some roles (all when empty).
type Ressource struct {
	ID          int64
	Academie    string
	Titre       string
	Description string
	Categorie   string
	Roles       []Role
	URL         string // a link; else a file
	FichierNom  string
	FichierType string
	Taille      int
	AuteurID    int64
	CreatedAt   time.Time
}

// RessourceMaxOctets is the largest file a resource may be.
const RessourceMaxOctets = 10 << 20

// Office formats accepted, by extension: zip containers (OOXML,
// OpenDocument) and the older OLE compound files.
var (
	typesZip = map[string]string{
		".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
		".odt":  "application/vnd.oasis.opendocument.text",
		".ods":  "application/vnd.oasis.opendocument.spreadsheet",
		".odp":  "application/vnd.oasis.opendocument.presentation",
	}
	typesOLE = map[string]string{
		".doc": "application/msword",
		".xls": "application/vnd.ms-excel",
		".ppt": "application/vnd.ms-powerpoint",
	}
)

// TypeFichier checks an uploaded resource by its content (the name only
// tells which office format a container holds) and returns the type to
// serve it with, or a French error.
func TypeFichier(nom string, data []byte) (string, error) {
	if len(data) == 0 {
		return "", Invalide("fichier", "le fichier est vide")
	}
	if len(data) > RessourceMaxOctets {
		return "", Invalide("fichier", "fichier trop volumineux : 10 Mo au plus")
	}
	ext := strings.ToLower(path.Ext(nom))
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf", nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if t, ok := typesZip[ext]; ok {
			return t, nil
		}
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		if t, ok := typesOLE[ext]; ok {
			return t, nil
		}
	}
	return "", Invalide("fichier", "type de fichier non accepté : déposez un PDF ou un document bureautique (Word, Excel, PowerPoint, OpenDocument)")
}

// extensionOf gives the extension of each type a file is served with.
func extensionOf(typ string) string {
	if typ == "application/pdf" {
		return ".pdf"
	}
	for _, types := range []map[string]string{typesZip, typesOLE} {
		for ext, t := range types {
			if t == typ {
				return ext
			}
		}
	}
	return ""
}

// NomFichier is the name to store and serve an uploaded file under: the
// base name given by the browser, without control characters, quotes or
// path, and with the extension of the type its content was recognised as.
// The content decides the type, so the name must follow it: a PDF
// uploaded as « evil.html » is served as « evil.pdf », never under a name
// that a browser or a desktop would open as a web page (issue 20).
func NomFichier(nom, typ string) string {
	nom = path.Base(strings.ReplaceAll(nom, "\\", "/"))
	nom = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == '/' || r == utf8.RuneError {
			return -1
		}
		return r
	}, nom)
	nom = strings.Trim(nom, " .")
	if r := []rune(nom); len(r) > 120 {
		nom = string(r[:120])
	}
	want := extensionOf(typ)
	if want == "" {
		want = ".bin"
	}
	ext := path.Ext(nom)
	switch {
	case strings.EqualFold(ext, want):
		return nom
	case len(ext) >= 2 && len(ext) <= 6 && isAlnum(ext[1:]):
		nom = strings.TrimSuffix(nom, ext)
	}
	if strings.Trim(nom, " .") == "" {
		nom = "document"
	}
	return nom + want
}

func isAlnum(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// Errors checks a resource's texts: the title (required), the category,
// the description and the link (their lengths); empty when valid. The
// file, the link's form and the académie are checked by the caller.
func (r Ressource) Errors() map[string]string {
	errs := map[string]string{}
	if r.Titre == "" {
		errs["titre"] = "Indiquez le titre de la ressource."
	}
	VerifierLongueurs(errs,
		Longueur{"titre", "Le titre", r.Titre, LongueurLibelle},
		Longueur{"categorie", "La catégorie", r.Categorie, LongueurLibelle},
		Longueur{"description", "La description", r.Description, LongueurTexte},
		Longueur{"url", "Le lien", r.URL, LongueurAdresse})
	return errs
}
