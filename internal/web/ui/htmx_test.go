package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

// TestHTMXOnlyWhereUsed: a page rendered through WithHTMXDetection loads
// htmx when its content has an hx- attribute (even past templ's 4 KB
// buffer, or cut between two writes), not otherwise; a page rendered
// without the detector loads it, to be safe.
func TestHTMXOnlyWhereUsed(t *testing.T) {
	l := testLayout(t)
	script := `src="` + l.Assets.URL("htmx/htmx.min.js") + `"`
	long := strings.Repeat("<p>Texte.</p>", 1000) // past templ's buffer
	for _, tc := range []struct {
		name, content string
		want          bool
	}{
		{"without htmx", `<div class="fr-container"><h1>Accueil</h1>` + long + `</div>`, false},
		{"with htmx", `<div class="fr-container"><form hx-get="/conseillers" hx-target="#resultats"></form>` + long + `</div>`, true},
		{"htmx at the end", `<div class="fr-container">` + long + `<input hx-get="/suggestions/commune"></div>`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			ctx, w := WithHTMXDetection(context.Background(), &b)
			if err := Page(l).Render(templ.WithChildren(ctx, templ.Raw(tc.content)), w); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(b.String(), script); got != tc.want {
				t.Errorf("htmx loaded: %v, want %v", got, tc.want)
			}
		})
	}
	// An attribute cut between two writes is seen.
	var b bytes.Buffer
	_, w := WithHTMXDetection(context.Background(), &b)
	w.Write([]byte(`<form h`))
	w.Write([]byte(`x`))
	d := w.(*htmxDetector)
	w.Write([]byte(`-get="/x">`))
	if !d.seen {
		t.Error("an hx- attribute written in pieces was not seen")
	}
	if b.String() != `<form hx-get="/x">` {
		t.Errorf("written: %q", b.String())
	}
	// Without the detector (an error page rendered directly): htmx loads.
	if s := MustRender(t, Page(l)); !strings.Contains(s, script) {
		t.Error("a page rendered without the detector does not load htmx")
	}
}
