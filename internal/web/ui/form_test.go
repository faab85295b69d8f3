package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"golang.org/x/net/html"
)

// formFields are the form components in every state, for the checks that
// hold for all of them.
func formFields() map[string]templ.Component {
	opts := []Option{{Value: "10", Label: "Lyon"}, {Value: "02", Label: "Aix-Marseille", Hint: "Région Provence-Alpes-Côte d’Azur"}}
	return map[string]templ.Component{
		"input":          Input(InputParams{ID: "nom", Name: "nom", Label: "Nom"}),
		"input error":    Input(InputParams{ID: "courriel", Name: "courriel", Label: "Adresse électronique", Hint: "nom@domaine.fr", Type: "email", Value: "a@b", Error: "Adresse électronique non valide."}),
		"textarea":       Input(InputParams{ID: "motif", Name: "motif", Label: "Motif", Textarea: true}),
		"textarea error": Input(InputParams{ID: "motif", Name: "motif", Label: "Motif", Textarea: true, Value: "trop court", Error: "Décrivez la demande en 20 caractères au moins."}),
		"select":         Select(SelectParams{ID: "academie", Name: "academie", Label: "Académie", Options: opts}),
		"select error":   Select(SelectParams{ID: "academie", Name: "academie", Label: "Académie", Options: opts, Error: "Choisissez une académie."}),
		"radio":          RadioGroup(RadioGroupParams{ID: "type", Name: "type", Legend: "Type", Options: opts}),
		"radio error":    RadioGroup(RadioGroupParams{ID: "type", Name: "type", Legend: "Type", Options: opts, Error: "Choisissez un type."}),
		"checkbox":       CheckboxGroup(CheckboxGroupParams{ID: "jours", Name: "jours", Legend: "Jours", Options: opts}),
		"checkbox error": CheckboxGroup(CheckboxGroupParams{ID: "jours", Name: "jours", Legend: "Jours", Options: opts, Error: "Choisissez un jour au moins."}),
	}
}

// checkLabels fails for any form control of doc without exactly one
// <label for=its id>.
func checkLabels(t *testing.T, name string, doc *html.Node) {
	t.Helper()
	labels := map[string]int{}
	for _, l := range byTag(doc, "label") {
		labels[attr(l, "for")]++
	}
	for _, c := range byTag(doc, "input", "select", "textarea") {
		if attr(c, "type") == "hidden" {
			continue
		}
		id := attr(c, "id")
		if id == "" || labels[id] != 1 {
			t.Errorf("%s: <%s name=%q id=%q> has %d labels", name, c.Data, attr(c, "name"), id, labels[id])
		}
	}
}

func TestEveryControlHasALabel(t *testing.T) {
	for name, c := range formFields() {
		checkLabels(t, name, MustParse(t, c))
	}
	for name, page := range fullPages(t) {
		checkLabels(t, name, MustParse(t, page))
	}
}

func TestFieldErrorIsDescribed(t *testing.T) {
	for name, c := range formFields() {
		doc := MustParse(t, c)
		errs := byClass(doc, "fr-message--error")
		if !strings.HasSuffix(name, "error") {
			if len(errs) != 0 || len(findAll(doc, func(n *html.Node) bool { return strings.HasSuffix(attr(n, "class"), "--error") })) != 0 {
				t.Errorf("%s: error state without an error", name)
			}
			continue
		}
		if len(errs) != 1 || attr(errs[0], "id") == "" || text(errs[0]) == "" {
			t.Fatalf("%s: want one fr-message--error with an id and a text", name)
		}
		errText := errs[0]
		// The error is read with what it is about: the control for a field
		// (aria-describedby), the fieldset for a group (aria-labelledby).
		var owner *html.Node
		var key string
		switch {
		case len(byTag(doc, "fieldset")) == 1:
			owner, key = byTag(doc, "fieldset")[0], "aria-labelledby"
			if !hasClass(owner, "fr-fieldset--error") || attr(owner, "role") != "group" {
				t.Errorf("%s: fieldset not in DSFR error state: %v", name, owner.Attr)
			}
		default:
			owner, key = byTag(doc, "input", "select", "textarea")[0], "aria-describedby"
			group := ancestor(owner, "fr-input-group")
			if group == nil {
				group = ancestor(owner, "fr-select-group")
			}
			if group == nil || !strings.Contains(attr(group, "class"), "-group--error") {
				t.Errorf("%s: group not in DSFR error state", name)
			}
			if attr(owner, "aria-invalid") != "true" {
				t.Errorf("%s: no aria-invalid", name)
			}
		}
		described := false
		for _, ref := range strings.Fields(attr(owner, key)) {
			target := byID(doc, ref)
			if target == nil {
				t.Errorf("%s: %s refers to missing #%s", name, key, ref)
				continue
			}
			if target == errText || contains(target, errText) {
				described = true
			}
		}
		if !described {
			t.Errorf("%s: %s=%q does not lead to the error text #%s", name, key, attr(owner, key), attr(errText, "id"))
		}
	}
}

func contains(parent, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == parent {
			return true
		}
	}
	return false
}

// A form shown again with its errors keeps what the user typed or chose,
// escaped.
func TestFieldsKeepUserInput(t *testing.T) {
	typed := `Lycée "Ampère" <Lyon> & co`
	doc := MustParse(t, Input(InputParams{ID: "nom", Name: "nom", Label: "Nom", Value: typed, Error: "Trop long."}))
	if got := attr(byTag(doc, "input")[0], "value"); got != typed {
		t.Errorf("input value %q, want %q", got, typed)
	}

	multiline := "\nPremière ligne vide gardée\n<b>pas de HTML</b>"
	doc = MustParse(t, Input(InputParams{ID: "motif", Name: "motif", Label: "Motif", Textarea: true, Value: multiline, Error: "Trop court."}))
	ta := byTag(doc, "textarea")[0]
	if got := ta.FirstChild.Data; got != multiline {
		t.Errorf("textarea value %q, want %q", got, multiline)
	}

	opts := []Option{{Value: "10", Label: "Lyon"}, {Value: "02", Label: "Aix-Marseille"}}
	doc = MustParse(t, Select(SelectParams{ID: "a", Name: "a", Label: "Académie", Options: opts, Value: "02"}))
	var selected []string
	for _, o := range byTag(doc, "option") {
		if hasAttr(o, "selected") {
			selected = append(selected, attr(o, "value"))
		}
	}
	if strings.Join(selected, ",") != "02" {
		t.Errorf("selected options %v, want [02]", selected)
	}
	doc = MustParse(t, Select(SelectParams{ID: "a", Name: "a", Label: "Académie", Options: opts, Required: true}))
	if ph := byTag(doc, "option")[0]; !hasAttr(ph, "selected") || !hasAttr(ph, "disabled") || attr(ph, "value") != "" || text(ph) != "Sélectionner une option" {
		t.Errorf("placeholder option %v %q", ph.Attr, text(ph))
	}
	// A filter goes back to « Tous » by choosing its placeholder again.
	doc = MustParse(t, Select(SelectParams{ID: "a", Name: "a", Label: "Académie", Options: opts, Value: "02", Placeholder: "Toutes"}))
	if ph := byTag(doc, "option")[0]; hasAttr(ph, "disabled") || hasAttr(ph, "selected") || text(ph) != "Toutes" {
		t.Errorf("a filter's placeholder option %v %q must stay selectable", ph.Attr, text(ph))
	}

	doc = MustParse(t, RadioGroup(RadioGroupParams{ID: "r", Name: "r", Legend: "Type", Options: opts, Value: "02", Error: "x"}))
	checked := checkedValues(doc)
	if checked != "02" {
		t.Errorf("checked radios %q", checked)
	}
	doc = MustParse(t, CheckboxGroup(CheckboxGroupParams{ID: "c", Name: "c", Legend: "Jours", Options: opts, Values: []string{"10", "02"}, Error: "x"}))
	if checked := checkedValues(doc); checked != "10,02" {
		t.Errorf("checked boxes %q", checked)
	}
}

func checkedValues(doc *html.Node) string {
	var v []string
	for _, in := range byTag(doc, "input") {
		if hasAttr(in, "checked") {
			v = append(v, attr(in, "value"))
		}
	}
	return strings.Join(v, ",")
}

func TestInputAttributes(t *testing.T) {
	doc := MustParse(t, Input(InputParams{ID: "courriel", Name: "courriel", Label: "Adresse électronique", Hint: "nom@domaine.fr", Type: "email", Autocomplete: "email", Required: true, Disabled: true}))
	in := byTag(doc, "input")[0]
	for key, want := range map[string]string{"type": "email", "name": "courriel", "autocomplete": "email", "aria-required": "true", "class": "fr-input"} {
		if got := attr(in, key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if !hasAttr(in, "disabled") || hasAttr(in, "required") {
		t.Error("want disabled, and aria-required rather than required")
	}
	if hint := byClass(byTag(doc, "label")[0], "fr-hint-text"); len(hint) != 1 || text(hint[0]) != "nom@domaine.fr" {
		t.Error("hint not inside the label")
	}
	if attr(byTag(MustParse(t, Input(InputParams{ID: "n", Label: "Nom"})), "input")[0], "type") != "text" {
		t.Error("default type is not text")
	}
}

func TestGroupsLayout(t *testing.T) {
	opts := []Option{{Value: "oui", Label: "Oui"}, {Value: "non", Label: "Non", Hint: "Vous pourrez changer d’avis"}}
	doc := MustParse(t, RadioGroup(RadioGroupParams{ID: "jury", Name: "jury", Legend: "Membre de jury ?", Hint: "Une session par an", Options: opts, Inline: true}))
	fs := byTag(doc, "fieldset")[0]
	if attr(fs, "aria-labelledby") != "jury-legend jury-messages" {
		t.Errorf("aria-labelledby %q", attr(fs, "aria-labelledby"))
	}
	legend := byTag(doc, "legend")[0]
	if attr(legend, "id") != "jury-legend" || !strings.HasPrefix(text(legend), "Membre de jury ?") || len(byClass(legend, "fr-hint-text")) != 1 {
		t.Errorf("legend %q", text(legend))
	}
	if n := len(byClass(doc, "fr-fieldset__element--inline")); n != 2 {
		t.Errorf("%d inline elements", n)
	}
	for i, in := range byTag(doc, "input") {
		if attr(in, "type") != "radio" || attr(in, "name") != "jury" || attr(in, "value") != opts[i].Value {
			t.Errorf("radio %d: %v", i, in.Attr)
		}
	}
	doc = MustParse(t, CheckboxGroup(CheckboxGroupParams{ID: "jours", Name: "jours", Legend: "Jours", Options: opts}))
	for _, in := range byTag(doc, "input") {
		if attr(in, "type") != "checkbox" || attr(in, "name") != "jours" {
			t.Errorf("checkbox %v", in.Attr)
		}
	}
}

// Misused components fail to render rather than ship an inaccessible form
// or table.
func TestComponentsRefuseMissingParams(t *testing.T) {
	tests := map[string]templ.Component{
		"input without label":    Input(InputParams{ID: "x", Name: "x"}),
		"input without id":       Input(InputParams{Name: "x", Label: "X"}),
		"select without label":   Select(SelectParams{ID: "x"}),
		"radio without legend":   RadioGroup(RadioGroupParams{ID: "x", Options: []Option{{Value: "a", Label: "A"}}}),
		"radio without options":  RadioGroup(RadioGroupParams{ID: "x", Legend: "X"}),
		"checkbox without id":    CheckboxGroup(CheckboxGroupParams{Legend: "X", Options: []Option{{Value: "a", Label: "A"}}}),
		"table without caption":  Table(TableParams{Headers: []string{"A"}}),
		"table with a short row": Table(TableParams{Caption: "C", Headers: []string{"A", "B"}, Rows: [][]TableCell{{{Text: "1"}}}}),
		"pagination past end":    Pagination(PaginationParams{Current: 5, Total: 4, Href: galleryPageHref}),
		"pagination without url": Pagination(PaginationParams{Current: 1, Total: 4}),
		"stepper out of range":   Stepper(StepperParams{Current: 0, Titles: []string{"A"}}),
		"modal without title":    Modal(ModalParams{ID: "m", OpenLabel: "Ouvrir"}),
	}
	for name, c := range tests {
		if err := c.Render(context.Background(), &bytes.Buffer{}); err == nil {
			t.Errorf("%s: rendered without error", name)
		}
	}
}
