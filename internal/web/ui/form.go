package ui

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/a-h/templ"
)

// InputParams describes a text field (DSFR « Champ de saisie »).
//
// Value is written back as given, so a form shown again with its errors
// keeps what the user typed.
type InputParams struct {
	ID    string // also the base of the message ids: ID-messages, ID-message-error
	Name  string
	Label string
	Hint  string // shown under the label (fr-hint-text), e.g. the expected format
	// Type is the input's type (text when empty): email, tel, number, date,
	// password, search, url.
	Type  string
	Value string
	// Required sets aria-required, as DSFR's form patterns do, rather than
	// the browser's own validation, whose bubbles are not accessible; the
	// form says « Sauf mention contraire, tous les champs sont obligatoires »
	// with RequiredFieldsHint.
	Required bool
	Disabled bool
	// Autocomplete names the field's purpose (RGAA 11.13): given-name,
	// family-name, email, tel, organization, postal-code…
	Autocomplete string
	// Error, when set, puts the field in error state with this message.
	Error string
	// Textarea makes the field multi-line, with Rows lines (browser's default
	// when zero).
	Textarea bool
	Rows     int
	// MaxLength, when set, is the field's maxlength: the limit of the
	// entity's validation (model.Longueur*), so that the browser stops the
	// typing where the server would refuse it.
	MaxLength int
	// Suggestions, when set, is the URL (/suggestions/{kind}) that lists
	// labels matching what is typed (parameter q): suggestions.js turns the
	// field into a combobox; without the script it stays a text field that
	// the server reads as a label or a code.
	Suggestions string
	// SuggestionsAvec names other fields of the form (separated by
	// spaces) whose values go with what is typed, e.g. "role academie": the
	// list then depends on the choices made above the field.
	SuggestionsAvec string
	// Plusieurs lets the field take several entries separated by « ; »; the
	// suggestions complete the last one.
	Plusieurs bool
}

// Option is a choice of a select, a radio group or a checkbox group.
type Option struct {
	Value, Label string
	Hint         string // radios and checkboxes only
	Disabled     bool
}

// SelectParams describes a drop-down list (DSFR « Liste déroulante »).
type SelectParams struct {
	ID, Name, Label, Hint string
	Options               []Option
	// Value is the selected option's value; when empty the placeholder
	// option is selected.
	Value string
	// Placeholder is the text of the empty first option; « Sélectionner une
	// option » when empty. Unless the field is Required, it can be chosen
	// again: a filter goes back to « Tous » / « Toutes ».
	Placeholder string
	Required    bool
	Disabled    bool
	Error       string
}

// RadioGroupParams describes a set of radio buttons in a fieldset (DSFR
// « Bouton radio »). Radio ids are ID-1, ID-2…
type RadioGroupParams struct {
	ID, Name string
	Legend   string
	Hint     string
	Options  []Option
	Value    string // the checked option's value
	Inline   bool
	Error    string
}

// CheckboxGroupParams describes a set of checkboxes sharing one name, in a
// fieldset (DSFR « Case à cocher »). Checkbox ids are ID-1, ID-2…
type CheckboxGroupParams struct {
	ID, Name string
	Legend   string
	Hint     string
	Options  []Option
	Values   []string // the checked options' values
	Inline   bool
	Error    string
}

// UploadParams describes a file field (DSFR « Ajout de fichier »).
type UploadParams struct {
	ID, Name, Label string
	Hint            string // the formats and the size limit
	Accept          string // the input's accept attribute
	Required        bool
	Error           string
}

// Upload renders a DSFR file field. Same requirements as Input.
func Upload(p UploadParams) templ.Component {
	if err := needLabel("Upload", p.ID, p.Label); err != nil {
		return failed(err)
	}
	return noteFieldError(upload(p), p.ID, p.Label, p.Error)
}

// Input renders a DSFR text field or textarea with its label, hint and
// error message. It fails to render without an ID or a label, since a field
// without a label is an accessibility defect (RGAA 11.1).
func Input(p InputParams) templ.Component {
	if err := needLabel("Input", p.ID, p.Label); err != nil {
		return failed(err)
	}
	return noteFieldError(input(p), p.ID, p.Label, p.Error)
}

// Select renders a DSFR drop-down list. Same requirements as Input.
func Select(p SelectParams) templ.Component {
	if err := needLabel("Select", p.ID, p.Label); err != nil {
		return failed(err)
	}
	return noteFieldError(selectField(p), p.ID, p.Label, p.Error)
}

// RadioGroup renders DSFR radio buttons in a fieldset whose legend is the
// question. It fails to render without an ID, a legend or options.
func RadioGroup(p RadioGroupParams) templ.Component {
	if err := needLegend("RadioGroup", p.ID, p.Legend, len(p.Options)); err != nil {
		return failed(err)
	}
	return noteFieldError(radioGroup(p), optionID(p.ID, 0), p.Legend, p.Error)
}

// CheckboxGroup renders DSFR checkboxes in a fieldset. Same requirements as
// RadioGroup.
func CheckboxGroup(p CheckboxGroupParams) templ.Component {
	if err := needLegend("CheckboxGroup", p.ID, p.Legend, len(p.Options)); err != nil {
		return failed(err)
	}
	return noteFieldError(checkboxGroup(p), optionID(p.ID, 0), p.Legend, p.Error)
}

func needLabel(component, id, label string) error {
	if id == "" || label == "" {
		return fmt.Errorf("ui.%s: ID and Label are required (RGAA 11.1), got ID %q, Label %q", component, id, label)
	}
	return nil
}

func needLegend(component, id, legend string, options int) error {
	if id == "" || legend == "" || options == 0 {
		return fmt.Errorf("ui.%s: ID, Legend and Options are required (RGAA 11.5), got ID %q, Legend %q, %d options", component, id, legend, options)
	}
	return nil
}

// failed is a component whose rendering fails with err, so a misuse shows in
// the tests that render the page and in the server's error log.
func failed(err error) templ.Component {
	return templ.ComponentFunc(func(context.Context, io.Writer) error { return err })
}

func messagesID(id string) string { return id + "-messages" }
func errorID(id string) string    { return id + "-message-error" }

// optionID numbers the choices rather than using their values, which may
// hold characters not allowed in an id.
func optionID(id string, i int) string { return id + "-" + strconv.Itoa(i+1) }

func inputType(t string) string {
	if t == "" {
		return "text"
	}
	return t
}

// groupClass is the class of a field's wrapper ("fr-input-group",
// "fr-select-group") with its error or disabled state.
func uploadGroupClass(errorMessage string) string {
	if errorMessage != "" {
		return "fr-upload-group fr-upload-group--error fr-mb-2w"
	}
	return "fr-upload-group fr-mb-2w"
}

func groupClass(base, errorMessage string, disabled bool) string {
	switch {
	case errorMessage != "":
		return base + " " + base + "--error"
	case disabled:
		return base + " " + base + "--disabled"
	}
	return base
}

func fieldsetClass(errorMessage string) string {
	if errorMessage != "" {
		return "fr-fieldset fr-fieldset--error"
	}
	return "fr-fieldset"
}

func fieldsetElementClass(inline bool) string {
	if inline {
		return "fr-fieldset__element fr-fieldset__element--inline"
	}
	return "fr-fieldset__element"
}

func placeholder(p SelectParams) string {
	if p.Placeholder == "" {
		return "Sélectionner une option"
	}
	return p.Placeholder
}

// rows writes a positive count (rows, maxlength) as an attribute value.
func rows(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func isChecked(values []string, v string) bool { return slices.Contains(values, v) }

// textareaValue starts with a newline because the HTML parser drops one
// leading newline of a textarea: a value that starts with one keeps it.
func textareaValue(v string) string { return "\n" + v }
