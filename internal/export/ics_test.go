package export

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cee/internal/model"
)

// unfold undoes RFC 5545 folding: a CRLF followed by one space or tab is
// removed. It returns the logical lines, without their CRLF.
func unfold(t *testing.T, ics string) []string {
	t.Helper()
	if !strings.HasSuffix(ics, "\r\n") {
		t.Fatalf("output does not end with CRLF: %q", ics[max(0, len(ics)-20):])
	}
	var lines []string
	for _, phys := range strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n") {
		if strings.ContainsAny(phys, "\r\n") {
			t.Errorf("bare CR or LF in line %q", phys)
		}
		if phys != "" && (phys[0] == ' ' || phys[0] == '\t') {
			if len(lines) == 0 {
				t.Fatalf("continuation line first: %q", phys)
			}
			lines[len(lines)-1] += phys[1:]
			continue
		}
		lines = append(lines, phys)
	}
	return lines
}

// unescape reverses icsText.
func unescape(s string) string {
	r := strings.NewReplacer(`\\`, `\`, `\;`, `;`, `\,`, `,`, `\n`, "\n", `\N`, "\n")
	return r.Replace(s)
}

// property returns the value of the first logical line named name (with or
// without parameters), and its parameters.
func property(lines []string, name string) (params, value string, ok bool) {
	for _, l := range lines {
		if rest, found := strings.CutPrefix(l, name); found && (strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, ";")) {
			// Parameter values are quoted when they hold ":".
			inQuote := false
			for i, c := range rest {
				switch {
				case c == '"':
					inQuote = !inQuote
				case c == ':' && !inQuote:
					return rest[:i], rest[i+1:], true
				}
			}
		}
	}
	return "", "", false
}

var paris = model.Paris

func invitation() Evenement {
	return Evenement{
		UID:          "intervention-42-2027-01-12AM@cee.exemple.fr",
		Horodatage:   time.Date(2026, 11, 27, 5, 30, 0, 0, time.UTC),
		Debut:        time.Date(2027, 1, 12, 9, 0, 0, 0, paris),
		Fin:          time.Date(2027, 1, 12, 12, 0, 0, 0, paris),
		Titre:        "Forum des métiers : électricité, bâtiment",
		Description:  "Présentation des métiers de l'électricité aux élèves de 3e.\nMerci d'arriver à 8 h 45.",
		Lieu:         "Collège Jean-Jaurès, 12 rue de l'École; Toulouse",
		Organisateur: Personne{Nom: "Hélène Dupré, pilote", Email: "helene.dupre@ac-toulouse.fr"},
		Participants: []Personne{
			{Nom: `Élodie "Lulu" Müller`, Email: "elodie.muller@exemple.fr"},
			{Email: "paul@exemple.fr"},
		},
	}
}

func TestICSInvitation(t *testing.T) {
	var b bytes.Buffer
	if err := ICS(&b, MethodRequest, []Evenement{invitation()}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	t.Logf("\n%s", out)
	if strings.Count(out, "\r\n") != strings.Count(out, "\n") {
		t.Error("a line ends with LF alone")
	}
	lines := unfold(t, out)
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Errorf("not a VCALENDAR: first %q, last %q", lines[0], lines[len(lines)-1])
	}
	want := map[string]string{ // property → unfolded raw value
		"PRODID":   icsProdID,
		"VERSION":  "2.0",
		"METHOD":   "REQUEST",
		"UID":      "intervention-42-2027-01-12AM@cee.exemple.fr",
		"SEQUENCE": "0",
		"DTSTAMP":  "20261127T053000Z",
		// 9 h in Paris in January is 8 h UTC (winter time).
		"DTSTART":     "20270112T080000Z",
		"DTEND":       "20270112T110000Z",
		"SUMMARY":     `Forum des métiers : électricité\, bâtiment`,
		"DESCRIPTION": `Présentation des métiers de l'électricité aux élèves de 3e.\nMerci d'arriver à 8 h 45.`,
		"LOCATION":    `Collège Jean-Jaurès\, 12 rue de l'École\; Toulouse`,
		"ORGANIZER":   "mailto:helene.dupre@ac-toulouse.fr",
		"STATUS":      "CONFIRMED",
	}
	for name, v := range want {
		_, got, ok := property(lines, name)
		if !ok {
			t.Errorf("property %s missing", name)
			continue
		}
		if got != v {
			t.Errorf("%s = %q, want %q", name, got, v)
		}
	}
	if params, _, _ := property(lines, "ORGANIZER"); params != `;CN="Hélène Dupré, pilote"` {
		t.Errorf("ORGANIZER parameters = %q", params)
	}
	var attendees []string
	for _, l := range lines {
		if strings.HasPrefix(l, "ATTENDEE") {
			attendees = append(attendees, l)
		}
	}
	wantAttendees := []string{
		`ATTENDEE;CN="Élodie 'Lulu' Müller";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:elodie.muller@exemple.fr`,
		`ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:paul@exemple.fr`,
	}
	if strings.Join(attendees, "\n") != strings.Join(wantAttendees, "\n") {
		t.Errorf("attendees:\n%s\nwant\n%s", strings.Join(attendees, "\n"), strings.Join(wantAttendees, "\n"))
	}
	if _, d, _ := property(lines, "DESCRIPTION"); unescape(d) != invitation().Description {
		t.Errorf("description does not round-trip: %q", unescape(d))
	}
	if n := strings.Count(out, "BEGIN:VEVENT"); n != 1 {
		t.Errorf("%d VEVENT, want 1", n)
	}

	// Deterministic: the same input writes the same bytes.
	var again bytes.Buffer
	if err := ICS(&again, "request", []Evenement{invitation()}); err != nil {
		t.Fatal(err)
	}
	if again.String() != out {
		t.Error("second run wrote different bytes")
	}
}

func TestICSCancel(t *testing.T) {
	e := invitation()
	e.Sequence = 1
	var b bytes.Buffer
	if err := ICS(&b, MethodCancel, []Evenement{e}); err != nil {
		t.Fatal(err)
	}
	lines := unfold(t, b.String())
	for name, want := range map[string]string{"METHOD": "CANCEL", "STATUS": "CANCELLED", "SEQUENCE": "1", "UID": e.UID} {
		if _, got, _ := property(lines, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

func TestICSSummerTimeAndSeveralEvents(t *testing.T) {
	am, pm := invitation(), invitation()
	am.UID, pm.UID = "a@x", "b@x"
	am.Debut, am.Fin, _ = DemiJournee(time.Date(2027, 6, 15, 0, 0, 0, 0, time.UTC), "AM")
	pm.Debut, pm.Fin, _ = DemiJournee(time.Date(2027, 6, 15, 0, 0, 0, 0, time.UTC), "PM")
	var b bytes.Buffer
	if err := ICS(&b, MethodPublish, []Evenement{am, pm}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// Paris is UTC+2 in June.
	for _, want := range []string{"DTSTART:20270615T070000Z\r\nDTEND:20270615T100000Z\r\n", "DTSTART:20270615T120000Z\r\nDTEND:20270615T150000Z\r\n", "METHOD:PUBLISH\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if n := strings.Count(out, "BEGIN:VEVENT\r\n"); n != 2 {
		t.Errorf("%d VEVENT, want 2", n)
	}
}

func TestICSEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{"simple", "simple"},
		{`a\b`, `a\\b`},
		{"a;b,c", `a\;b\,c`},
		{"ligne 1\nligne 2", `ligne 1\nligne 2`},
		{"ligne 1\r\nligne 2\rligne 3", `ligne 1\nligne 2\nligne 3`},
		{"deux-points : gardés", "deux-points : gardés"},
		{"tab\tgardée, bip\x07 retiré", `tab	gardée\, bip retiré`},
		{"octet \xff invalide", "octet \uFFFD invalide"},
		{`\n littéral`, `\\n littéral`},
	}
	for _, tt := range tests {
		if got := icsText(tt.in); got != tt.want {
			t.Errorf("icsText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestICSFolding(t *testing.T) {
	long := strings.Repeat("Découverte des métiers de l'électricité, du bâtiment et des travaux publics ; "+
		"échanges avec des professionnels « héritiers » de l'artisanat — éèêëàâîïôöûüç€ ", 8) + "fin."
	tests := []struct {
		name string
		text string
	}{
		{"description française longue", long},
		{"multi-octets seulement", strings.Repeat("é", 200)},
		{"caractères de 4 octets", strings.Repeat("𝄞a", 60)},
		{"exactement une ligne", strings.Repeat("x", icsMaxLine-len("DESCRIPTION:"))},
		{"une ligne et un octet", strings.Repeat("x", icsMaxLine-len("DESCRIPTION:")+1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := invitation()
			e.Description = tt.text
			var b bytes.Buffer
			if err := ICS(&b, MethodRequest, []Evenement{e}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if !utf8.ValidString(out) {
				t.Error("output is not valid UTF-8")
			}
			for _, phys := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
				if len(phys) > icsMaxLine {
					t.Errorf("line of %d octets: %q", len(phys), phys)
				}
				if !utf8.ValidString(phys) {
					t.Errorf("fold splits a character: %q", phys)
				}
			}
			_, d, ok := property(unfold(t, out), "DESCRIPTION")
			if !ok || unescape(d) != tt.text {
				t.Errorf("unfolded description = %q, want %q", unescape(d), tt.text)
			}
		})
	}
	if got := foldLine(strings.Repeat("x", 75)); got != strings.Repeat("x", 75)+"\r\n" {
		t.Errorf("75 octets folded: %q", got)
	}
	if got := foldLine(strings.Repeat("x", 76)); got != strings.Repeat("x", 75)+"\r\n x\r\n" {
		t.Errorf("76 octets: %q", got)
	}
	// 74 ASCII then "é" (2 octets) would make 76: the é moves to the next line whole.
	if got := foldLine(strings.Repeat("x", 74) + "é"); got != strings.Repeat("x", 74)+"\r\n é\r\n" {
		t.Errorf("accent at the edge: %q", got)
	}
}

func TestICSErrors(t *testing.T) {
	tests := []struct {
		name   string
		method string
		edit   func(*Evenement)
		none   bool // no events at all
		want   []string
	}{
		{name: "méthode inconnue", method: "REPLY", edit: func(*Evenement) {}, want: []string{`méthode "REPLY" inconnue`}},
		{name: "aucun événement", method: MethodRequest, none: true, want: []string{"aucun événement"}},
		{name: "sans UID ni titre", method: MethodRequest, edit: func(e *Evenement) { e.UID, e.Titre = " ", "" },
			want: []string{"UID manquant", "titre manquant"}},
		{name: "sans horodatage", method: MethodRequest, edit: func(e *Evenement) { e.Horodatage = time.Time{} },
			want: []string{"horodatage (DTSTAMP) manquant"}},
		{name: "fin avant début", method: MethodRequest, edit: func(e *Evenement) { e.Fin = e.Debut.Add(-time.Hour) },
			want: []string{"la fin doit suivre le début"}},
		{name: "sans fin", method: MethodRequest, edit: func(e *Evenement) { e.Fin = time.Time{} },
			want: []string{"début ou fin manquant"}},
		{name: "invitation sans organisateur ni participant", method: MethodRequest,
			edit: func(e *Evenement) { e.Organisateur, e.Participants = Personne{}, nil },
			want: []string{"organisateur manquant, requis pour REQUEST", "aucun participant"}},
		{name: "annulation sans organisateur", method: MethodCancel, edit: func(e *Evenement) { e.Organisateur = Personne{} },
			want: []string{"organisateur manquant, requis pour CANCEL"}},
		{name: "adresse avec nom", method: MethodRequest,
			edit: func(e *Evenement) { e.Participants[0].Email = "Paul <paul@exemple.fr>" }, want: []string{`adresse "Paul <paul@exemple.fr>" invalide`}},
		{name: "adresse qui injecte une ligne", method: MethodRequest,
			edit: func(e *Evenement) { e.Organisateur.Email = "a@b.fr\r\nATTENDEE:mailto:x@y.fr" }, want: []string{"invalide"}},
		{name: "participant nommé sans adresse", method: MethodPublish,
			edit: func(e *Evenement) { e.Participants[1] = Personne{Nom: "Paul"} }, want: []string{`adresse "" invalide`}},
		{name: "séquence négative", method: MethodRequest, edit: func(e *Evenement) { e.Sequence = -1 }, want: []string{"séquence négatif"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var events []Evenement
			if !tt.none {
				e := invitation()
				tt.edit(&e)
				events = []Evenement{e}
			}
			var b bytes.Buffer
			err := ICS(&b, tt.method, events)
			t.Logf("error: %v", err)
			if err == nil {
				t.Fatal("ICS succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes on error", b.Len())
			}
		})
	}
	// PUBLISH needs neither organiser nor participant.
	e := invitation()
	e.Organisateur, e.Participants = Personne{}, nil
	if err := ICS(new(bytes.Buffer), MethodPublish, []Evenement{e}); err != nil {
		t.Errorf("PUBLISH without people: %v", err)
	}
}

func TestDemiJournee(t *testing.T) {
	tests := []struct {
		jour       time.Time
		moment     string
		debut, fin string // UTC
	}{
		{time.Date(2027, 1, 12, 0, 0, 0, 0, time.UTC), "AM", "20270112T080000Z", "20270112T110000Z"},
		{time.Date(2027, 1, 12, 0, 0, 0, 0, time.UTC), "PM", "20270112T130000Z", "20270112T160000Z"},
		{time.Date(2027, 1, 12, 0, 0, 0, 0, time.UTC), "", "20270112T080000Z", "20270112T160000Z"},
		{time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC), "", "20270701T070000Z", "20270701T150000Z"},
		// Day of the change to summer time: 9 h is already UTC+2.
		{time.Date(2027, 3, 28, 0, 0, 0, 0, time.UTC), "AM", "20270328T070000Z", "20270328T100000Z"},
		// A day given late in the evening in Paris stays that day.
		{time.Date(2027, 1, 12, 23, 30, 0, 0, paris), "AM", "20270112T080000Z", "20270112T110000Z"},
	}
	for _, tt := range tests {
		d, f, err := DemiJournee(tt.jour, tt.moment)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.UTC().Format(icsTime); got != tt.debut {
			t.Errorf("%v %q: début %s, want %s", tt.jour, tt.moment, got, tt.debut)
		}
		if got := f.UTC().Format(icsTime); got != tt.fin {
			t.Errorf("%v %q: fin %s, want %s", tt.jour, tt.moment, got, tt.fin)
		}
	}
	if _, _, err := DemiJournee(time.Now(), "soir"); err == nil || !strings.Contains(err.Error(), "inconnue") {
		t.Errorf("moment inconnu: %v", err)
	}
}
