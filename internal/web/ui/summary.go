package ui

import (
	"bytes"
	"context"
	"io"
	"strconv"

	"github.com/a-h/templ"
)

// FieldError is a field in error as the error summary lists it: the link
// goes to the field (its first choice for a group), the text repeats the
// field's label and its message, worded as next to the field.
type FieldError struct {
	ID, Label, Message string
}

// fieldErrorsKey is the context key of the page's list of fields in error.
type fieldErrorsKey struct{}

type fieldErrors struct{ list []FieldError }

// noteFieldError wraps a field's component so that, rendered within Page, a
// field with an error message is listed in the summary at the top of the
// page. Every form of the application builds its fields with Input, Select,
// RadioGroup and CheckboxGroup, so no form has to list its errors twice.
func noteFieldError(c templ.Component, id, label, message string) templ.Component {
	if message == "" {
		return c
	}
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		if fe, ok := ctx.Value(fieldErrorsKey{}).(*fieldErrors); ok {
			fe.list = append(fe.list, FieldError{ID: id, Label: label, Message: message})
		}
		return c.Render(ctx, w)
	})
}

// renderCollectingErrors renders the page's content first, into a buffer,
// to learn which fields are in error before the top of the page is written.
func renderCollectingErrors(ctx context.Context, content templ.Component) (templ.Component, []FieldError, error) {
	fe := &fieldErrors{}
	var buf bytes.Buffer
	if err := content.Render(context.WithValue(ctx, fieldErrorsKey{}, fe), &buf); err != nil {
		return nil, nil, err
	}
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	}), fe.list, nil
}

func summaryTitle(errs []FieldError) string {
	if len(errs) == 1 {
		return "Le formulaire contient une erreur"
	}
	return "Le formulaire contient " + strconv.Itoa(len(errs)) + " erreurs"
}

func summaryLinkText(e FieldError) string { return e.Label + " : " + e.Message }
