package model

import (
	"bytes"
	"path"
	"strings"
	"time"
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
