package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The sign-in sheet names the académie, the event and every registered
// person, numbered; with many people it runs onto several pages, the header
// repeated.
func TestFeuilleEmargement(t *testing.T) {
	e := Emargement{Titre: "Formation des nouveaux conseillers", Type: "Formation", Quand: "le 12 mars 2027 de 09h00 à 12h00",
		Lieu: "Rectorat, salle 204", Date: day(2027, 3, 12)}
	for i := 1; i <= 40; i++ {
		e.Personnes = append(e.Personnes, Emargeant{Nom: fmt.Sprintf("Hélène Dupré-%02d", i), Qualite: "Conseiller entreprises pour l'École"})
	}
	var b bytes.Buffer
	if err := FeuilleEmargement(&b, toulouse, e); err != nil {
		t.Fatal(err)
	}
	text := extract(t, b.Bytes())
	contains(t, text, "Académie de Toulouse", "Feuille d'émargement", "Formation des nouveaux conseillers", "Rectorat, salle 204",
		"40 personne(s) inscrite(s)", "Hélène Dupré-01", "Hélène Dupré-40", "Signature")
	ps := pages(t, b.Bytes())
	if len(ps) < 2 {
		t.Fatalf("40 people on %d page(s): rows too short to sign", len(ps))
	}
	if !strings.Contains(ps[1], "Signature") {
		t.Errorf("header not repeated on page 2")
	}
	var ve *ValidationError
	if err := FeuilleEmargement(&b, toulouse, Emargement{}); !errors.As(err, &ve) {
		t.Errorf("empty sheet: %v", err)
	}
}
