package model

import (
	"strings"
	"testing"
	"time"
)

func TestCriteresBorner(t *testing.T) {
	c := Criteres{Conseillers: true, Professionnels: true, Academie: "04", OrganisationID: 9}
	if got := c.Borner(Scope{National: true}); got != c {
		t.Errorf("admin: %+v", got)
	}
	if got := c.Borner(Scope{Academie: "16"}); got.Academie != "16" || !got.Professionnels || got.OrganisationID != 9 {
		t.Errorf("pilote: %+v", got)
	}
	if got := c.Borner(Scope{Academie: "16", Organisation: "3"}); got.Academie != "16" || got.Professionnels || got.OrganisationID != 3 {
		t.Errorf("organisation référent: %+v", got)
	}
}

func TestTypeFichier(t *testing.T) {
	for _, tc := range []struct {
		nom, data, want, err string
	}{
		{"guide.pdf", "%PDF-1.7 ...", "application/pdf", ""},
		{"GUIDE.PDF.exe", "%PDF-1.7", "application/pdf", ""}, // the content decides
		{"modele.docx", "PK\x03\x04....", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ""},
		{"tableau.ods", "PK\x03\x04....", "application/vnd.oasis.opendocument.spreadsheet", ""},
		{"ancien.doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....", "application/msword", ""},
		{"archive.zip", "PK\x03\x04....", "", "non accepté"},
		{"page.pdf", "<html>", "", "non accepté"},
		{"image.png", "\x89PNG\r\n", "", "non accepté"},
		{"vide.pdf", "", "", "vide"},
		{"gros.pdf", "%PDF-" + strings.Repeat("x", RessourceMaxOctets), "", "10 Mo"},
	} {
		got, err := TypeFichier(tc.nom, []byte(tc.data))
		if got != tc.want || (tc.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s: %q, %v", tc.nom, got, err)
		}
	}
}

// Issue 20: the name a file is served under carries the extension of its
// content, never a misleading one.
func TestNomFichier(t *testing.T) {
	const pdf = "application/pdf"
	docx := "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	for _, tc := range []struct{ nom, typ, want string }{
		{"guide.pdf", pdf, "guide.pdf"},
		{"GUIDE.PDF", pdf, "GUIDE.PDF"},
		{"evil.html", pdf, "evil.pdf"},
		{"GUIDE.PDF.exe", pdf, "GUIDE.PDF.pdf"},
		{"rapport", pdf, "rapport.pdf"},
		{`C:\Users\moi\note.docx`, docx, "note.docx"},
		{"../../etc/passwd", pdf, "passwd.pdf"},
		{"a\"b\r\nc.pdf", pdf, "abc.pdf"},
		{"", pdf, "document.pdf"},
		{".html", pdf, "html.pdf"},
		{"convention signée.pdf", pdf, "convention signée.pdf"},
	} {
		if got := NomFichier(tc.nom, tc.typ); got != tc.want {
			t.Errorf("NomFichier(%q) = %q, want %q", tc.nom, got, tc.want)
		}
	}
}

func TestEvenementErrorsEtOuvert(t *testing.T) {
	debut := time.Date(2027, 3, 12, 9, 0, 0, 0, Paris)
	e := Evenement{Type: EvenementFormation, Titre: "Formation", Lieu: "Rectorat", Debut: debut, Fin: debut.Add(3 * time.Hour), Etat: EvenementPublie}
	if errs := e.Errors(); len(errs) != 0 {
		t.Errorf("valid event: %v", errs)
	}
	bad := e
	bad.Fin, bad.Lieu, bad.LienVisio = debut.Add(-time.Hour), "", "http://visio"
	errs := bad.Errors()
	for _, k := range []string{"fin", "lien_visio"} {
		if errs[k] == "" {
			t.Errorf("no error on %s: %v", k, errs)
		}
	}
	bad.LienVisio = ""
	if bad.Errors()["lieu"] == "" {
		t.Error("neither place nor video link accepted")
	}
	e.InscriptionsAvant = debut.AddDate(0, 0, -2)
	if !e.Ouvert(debut.AddDate(0, 0, -3)) || e.Ouvert(debut.AddDate(0, 0, -1)) || e.Ouvert(debut.Add(time.Minute)) {
		t.Error("registration window")
	}
	if got := e.Quand(); got != "le 12 mars 2027 de 09h00 à 12h00" {
		t.Errorf("Quand = %q", got)
	}
}
