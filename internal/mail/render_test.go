package mail

import (
	"strings"
	"testing"
	"time"
)

func TestRenderTest(t *testing.T) {
	sent := time.Date(2026, time.November, 27, 13, 5, 0, 0, time.UTC) // 14 h 05 in Paris
	m, err := Render("test", []string{"admin@exemple.fr"}, TestData{BaseURL: "https://cee.exemple.fr", SentAt: sent})
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Message de test" {
		t.Errorf("Subject = %q", m.Subject)
	}
	if len(m.To) != 1 || m.To[0] != "admin@exemple.fr" {
		t.Errorf("To = %v", m.To)
	}
	if err := m.Validate(); err != nil {
		t.Errorf("rendered message is invalid: %v", err)
	}
	common := []string{
		"Réseau des conseillers entreprises pour l'École",
		"Ce message de test confirme que le service peut envoyer des courriels",
		"27 novembre 2026 à 14 h 05",
		"https://cee.exemple.fr",
		"Vous recevez ce message parce qu'une personne chargée de l'administration du service",
	}
	for _, part := range []struct{ name, body string }{{"text", m.Text}, {"HTML", m.HTML}} {
		for _, want := range common {
			if !strings.Contains(part.body, want) {
				t.Errorf("%s part lacks %q:\n%s", part.name, want, part.body)
			}
		}
	}
	for _, want := range []string{`<html lang="fr">`, `<a href="https://cee.exemple.fr"`, "style="} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("HTML part lacks %q", want)
		}
	}
	if strings.Contains(m.Text, "<") {
		t.Errorf("text part contains markup:\n%s", m.Text)
	}
	// The signature separator lets mail clients grey out the footer.
	if !strings.Contains(m.Text, "\n-- \n") {
		t.Errorf("text part lacks the \"-- \" separator:\n%s", m.Text)
	}
}

func TestRenderEscapesHTML(t *testing.T) {
	m, err := Render("test", []string{"admin@exemple.fr"}, TestData{BaseURL: `javascript:alert("x")`, SentAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.HTML, `href="javascript:`) {
		t.Errorf("unsafe URL kept in href:\n%s", m.HTML)
	}
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name, template string
		data           any
		want           string
	}{
		{"modèle inconnu", "inexistant", nil, "inconnu"},
		{"données sans les champs", "test", struct{}{}, "modèle de courriel test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Render(tt.template, []string{"a@exemple.fr"}, tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestAllTemplatesParse catches a broken template before Render does in
// production.
func TestAllTemplatesParse(t *testing.T) {
	all, err := loadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := all["test"]; !ok {
		t.Errorf("templates = %v, want test among them", all)
	}
}

func TestRenderLoginAndInvitation(t *testing.T) {
	exp := time.Date(2026, time.November, 27, 13, 20, 0, 0, time.UTC)
	m, err := Render("lien", []string{"a@b.fr"}, LienData{URL: "https://cee.example.fr/connexion/lien/abc", ExpiresAt: exp})
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{m.Text, m.HTML} {
		if !strings.Contains(part, "https://cee.example.fr/connexion/lien/abc") || !strings.Contains(part, "27 novembre 2026 à 14 h 20") {
			t.Errorf("login link mail lacks the link or its expiry:\n%s", part)
		}
	}
	if m.Subject != "Votre lien de connexion" {
		t.Errorf("subject %q", m.Subject)
	}
	m, err = Render("invitation", []string{"a@b.fr"}, InvitationData{URL: "https://x/invitation/t", Inviteur: "Claire Martin", Role: "Inspection", ExpiresAt: exp})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Text, "Claire Martin vous invite") || !strings.Contains(m.HTML, "<strong>Inspection</strong>") {
		t.Errorf("invitation mail:\n%s\n%s", m.Text, m.HTML)
	}
}
