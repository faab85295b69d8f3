package mail

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func validMessage() Message {
	return Message{
		To:      []string{"claire.dupont@exemple.fr"},
		Subject: "Réunion du réseau",
		Text:    "Bonjour,\nà bientôt.",
		HTML:    "<p>Bonjour,<br>à bientôt.</p>",
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*Message)
		wantOK bool
		want   []string // fragments of the French error
	}{
		{name: "valide", edit: func(*Message) {}, wantOK: true},
		{name: "avec nom et réponse", edit: func(m *Message) {
			m.To = []string{"Claire Dupont <claire.dupont@exemple.fr>", "paul@exemple.fr"}
			m.ReplyTo = "conseiller@ac-toulouse.fr"
		}, wantOK: true},
		{name: "sans destinataire", edit: func(m *Message) { m.To = nil }, want: []string{"aucun destinataire"}},
		{name: "adresse invalide", edit: func(m *Message) { m.To = []string{"claire.dupont"} },
			want: []string{"adresse de destinataire invalide « claire.dupont »"}},
		{name: "une adresse invalide parmi d'autres", edit: func(m *Message) { m.To = append(m.To, "a@b@c") },
			want: []string{"« a@b@c »"}},
		{name: "réponse invalide", edit: func(m *Message) { m.ReplyTo = "pas une adresse" },
			want: []string{"adresse de réponse invalide"}},
		{name: "sujet vide", edit: func(m *Message) { m.Subject = "  " }, want: []string{"sujet vide"}},
		{name: "sujet sur deux lignes", edit: func(m *Message) { m.Subject = "Bonjour\r\nBcc: x@exemple.fr" },
			want: []string{"retour à la ligne"}},
		{name: "sans texte", edit: func(m *Message) { m.Text = "" }, want: []string{"partie texte vide"}},
		{name: "sans HTML", edit: func(m *Message) { m.HTML = "\n" }, want: []string{"partie HTML vide"}},
		{name: "tout manque", edit: func(m *Message) { *m = Message{} },
			want: []string{"aucun destinataire", "sujet vide", "partie texte vide", "partie HTML vide"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validMessage()
			tt.edit(&m)
			err := m.Validate()
			if tt.wantOK {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Validate() = nil, want an error")
			}
			if !errors.Is(err, ErrInvalidMessage) {
				t.Errorf("error %v does not wrap ErrInvalidMessage", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestMessageJSON(t *testing.T) {
	m := validMessage()
	m.ReplyTo = "conseiller@ac-toulouse.fr"
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"to":`, `"subject":`, `"text":`, `"html":`, `"reply_to":`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON %s lacks %s", b, key)
		}
	}
	var back Message
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, m) {
		t.Errorf("round trip = %+v, want %+v", back, m)
	}
	b, _ = json.Marshal(validMessage())
	if strings.Contains(string(b), "reply_to") {
		t.Errorf("empty ReplyTo should be omitted: %s", b)
	}
}

func TestRecorder(t *testing.T) {
	var r Recorder
	ctx := context.Background()
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if err := r.Send(ctx, validMessage()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := len(r.Messages()); n != 10 {
		t.Fatalf("%d messages, want 10", n)
	}

	if err := r.Send(ctx, Message{}); !errors.Is(err, ErrInvalidMessage) {
		t.Errorf("invalid message: err = %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := r.Send(cancelled, validMessage()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
	if n := len(r.Messages()); n != 10 {
		t.Errorf("%d messages after refused sends, want 10", n)
	}

	// The recorder keeps its own copy: later changes by the caller or by
	// the reader of Messages do not reach it.
	m := validMessage()
	var r2 Recorder
	if err := r2.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	m.To[0] = "autre@exemple.fr"
	got := r2.Messages()
	got[0].To[0] = "encore@exemple.fr"
	if to := r2.Messages()[0].To[0]; to != "claire.dupont@exemple.fr" {
		t.Errorf("recorded recipient changed to %q", to)
	}
}
