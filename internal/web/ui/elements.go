package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

// TableParams describes a DSFR table (« Tableau »).
type TableParams struct {
	ID string
	// Caption names the table (RGAA 5.4); it is required. CaptionHidden
	// keeps it for screen readers only, when a heading just above says the
	// same.
	Caption       string
	CaptionHidden bool
	Headers       []string
	Rows          [][]TableCell
	// RowHeaders makes the first cell of each row a row header (<th
	// scope="row">), for tables read by row, such as one line per school.
	RowHeaders bool
	Bordered   bool
	// Empty is shown in a single row when there are no rows, e.g.
	// « Aucun établissement ne correspond à ces critères. »
	Empty string
}

// TableCell is a cell: plain text, a link, or any component (a badge, a
// button) when Content is set.
type TableCell struct {
	Text    string
	Href    string // makes Text a link
	Content templ.Component
	// Numeric aligns the cell to the right, for numbers.
	Numeric bool
	// Multiline lets a long text wrap (DSFR cells do not), so that the
	// table does not become a scrolling region.
	Multiline bool
}

// PaginationParams describes a DSFR pagination. Pages are numbered from 1.
type PaginationParams struct {
	Current, Total int
	// Href gives the URL of a page; the caller keeps the other query
	// parameters (filters, sort) in it.
	Href func(page int) string
	// Label names the navigation landmark, « Pagination » when empty; two
	// paginations on one page need different labels.
	Label string
}

// AlertParams describes a DSFR alert.
type AlertParams struct {
	Kind    string // KindSuccess, KindInfo, KindWarning or KindError
	Title   string
	Message string
	// Small is the compact alert: the message alone, without title.
	Small bool
	// HeadingLevel of the title, 2 to 6; 3 (DSFR's default) when zero.
	HeadingLevel int

	// titleAsText renders the title as a paragraph, for the flash message
	// that comes before the page's h1.
	titleAsText bool
}

// BadgeParams describes a DSFR badge (a status, not clickable).
type BadgeParams struct {
	Label string
	// Kind is KindSuccess, KindError, KindInfo, KindWarning or KindNew;
	// empty for a plain grey badge.
	Kind   string
	NoIcon bool
	Small  bool
}

// TagParams describes a DSFR tag: a keyword, a link when Href is set.
type TagParams struct {
	Label string
	Href  string
	Small bool
}

// ModalParams describes a DSFR modal dialog and the button that opens it.
// The dialog's content is the component's children.
type ModalParams struct {
	ID        string
	Title     string
	OpenLabel string // text of the opening button
	// OpenKind is the opening button's kind: ButtonPrimary when empty.
	OpenKind string
	// Footer holds the dialog's action buttons, if any (a ButtonGroup).
	Footer templ.Component
}

// StepperParams describes a DSFR stepper (« Indicateur d'étapes »).
type StepperParams struct {
	Current int      // from 1
	Titles  []string // one per step; their count is the number of steps
	// HeadingLevel of the current step's title, 2 to 6; 2 when zero.
	HeadingLevel int
}

// Button kinds.
const (
	ButtonPrimary           = "primary"
	ButtonSecondary         = "secondary"
	ButtonTertiary          = "tertiary"
	ButtonTertiaryNoOutline = "tertiary-no-outline"
)

// ButtonParams describes a DSFR button, or a link that looks like one when
// Href is set.
type ButtonParams struct {
	Label string
	Kind  string // ButtonPrimary (default), ButtonSecondary, ButtonTertiary, ButtonTertiaryNoOutline
	// Type is the button's type: submit, button or reset; button when empty,
	// so a button in a form submits only when asked to.
	Type string
	Href string
	// Icon is a DSFR icon class, e.g. fr-icon-checkbox-circle-line, shown
	// left of the label (right with IconRight).
	Icon      string
	IconRight bool
	Small     bool
	Disabled  bool
	// Name and Value are sent with the form by a submit button.
	Name, Value string
	// Title completes the label where it is not enough on its own, e.g.
	// « Télécharger la convocation - PDF, 80 ko ».
	Title string
	// Controls is the id of a modal that the button closes (DSFR closes a
	// modal when a button with its id in aria-controls is pressed).
	Controls string
}

// Table renders a DSFR table. It fails to render without a caption.
func Table(p TableParams) templ.Component {
	if p.Caption == "" {
		return failed(errors.New("ui.Table: a Caption is required (RGAA 5.4)"))
	}
	for i, row := range p.Rows {
		if len(row) != len(p.Headers) {
			return failed(fmt.Errorf("ui.Table %q: row %d has %d cells for %d headers", p.Caption, i, len(row), len(p.Headers)))
		}
	}
	return table(p)
}

// Pagination renders a DSFR pagination, or nothing when there is a single
// page.
func Pagination(p PaginationParams) templ.Component {
	if p.Total <= 1 {
		return templ.NopComponent
	}
	if p.Href == nil || p.Current < 1 || p.Current > p.Total {
		return failed(fmt.Errorf("ui.Pagination: page %d of %d, or no Href", p.Current, p.Total))
	}
	return pagination(p, pageItems(p.Current, p.Total))
}

// Stepper renders a DSFR stepper.
func Stepper(p StepperParams) templ.Component {
	if p.Current < 1 || p.Current > len(p.Titles) {
		return failed(fmt.Errorf("ui.Stepper: step %d of %d", p.Current, len(p.Titles)))
	}
	return stepper(p)
}

// Modal renders the button that opens the dialog and the dialog itself.
func Modal(p ModalParams) templ.Component {
	if p.ID == "" || p.Title == "" || p.OpenLabel == "" {
		return failed(fmt.Errorf("ui.Modal: ID, Title and OpenLabel are required, got %q, %q, %q", p.ID, p.Title, p.OpenLabel))
	}
	return modal(p)
}

// pageItem is one entry of the pagination's list: a page number, or a gap
// (Page 0) shown as an ellipsis.
type pageItem struct {
	Page int
	// Wide entries are shown from the LG breakpoint only, as in DSFR's
	// example: small screens keep the first, current and last pages.
	Wide bool
}

// pageItems lists the first and last pages, and the current one with its
// neighbours, with gaps between them.
func pageItems(current, total int) []pageItem {
	var items []pageItem
	last := 0
	for page := 1; page <= total; page++ {
		near := page >= current-1 && page <= current+1
		if page != 1 && page != total && !near {
			continue
		}
		if last != 0 && page > last+1 {
			items = append(items, pageItem{Page: 0, Wide: true})
		}
		wide := page != 1 && page != total && page != current
		items = append(items, pageItem{Page: page, Wide: wide})
		last = page
	}
	return items
}

func alertClass(p AlertParams) string {
	c := "fr-alert"
	if validKind(p.Kind) {
		c += " fr-alert--" + p.Kind
	}
	if p.Small {
		c += " fr-alert--sm"
	}
	return c
}

func badgeClass(p BadgeParams) string {
	c := "fr-badge"
	if validKind(p.Kind) || p.Kind == KindNew {
		c += " fr-badge--" + p.Kind
	}
	if p.Small {
		c += " fr-badge--sm"
	}
	if p.NoIcon {
		c += " fr-badge--no-icon"
	}
	return c
}

func tagClass(p TagParams) string {
	if p.Small {
		return "fr-tag fr-tag--sm"
	}
	return "fr-tag"
}

func tableClass(p TableParams) string {
	c := "fr-table"
	if p.Bordered {
		c += " fr-table--bordered"
	}
	if p.CaptionHidden {
		c += " fr-table--no-caption"
	}
	return c
}

func cellClass(c TableCell) string {
	switch {
	case c.Numeric:
		return "fr-cell--right"
	case c.Multiline:
		return "fr-cell--multiline"
	}
	return ""
}

func buttonClass(p ButtonParams) string {
	c := "fr-btn"
	switch p.Kind {
	case ButtonSecondary, ButtonTertiary, ButtonTertiaryNoOutline:
		c += " fr-btn--" + p.Kind
	}
	if p.Small {
		c += " fr-btn--sm"
	}
	if strings.HasPrefix(p.Icon, "fr-icon-") {
		c += " " + p.Icon
		if p.IconRight {
			c += " fr-btn--icon-right"
		} else {
			c += " fr-btn--icon-left"
		}
	}
	return c
}

func buttonGroupClass(buttons []ButtonParams) string {
	c := "fr-btns-group fr-btns-group--inline-md"
	small := len(buttons) > 0
	icon := ""
	for _, b := range buttons {
		small = small && b.Small
		if icon == "" && strings.HasPrefix(b.Icon, "fr-icon-") {
			icon = " fr-btns-group--icon-left"
			if b.IconRight {
				icon = " fr-btns-group--icon-right"
			}
		}
	}
	if small {
		c += " fr-btns-group--sm"
	}
	return c + icon
}

func buttonType(t string) string {
	switch t {
	case "submit", "reset":
		return t
	}
	return "button"
}

func headingLevel(level, fallback int) int {
	if level < 2 || level > 6 {
		return fallback
	}
	return level
}

func stepState(p StepperParams) string {
	return fmt.Sprintf("Étape %d sur %d", p.Current, len(p.Titles))
}

func paginationLabel(p PaginationParams) string {
	if p.Label == "" {
		return "Pagination"
	}
	return p.Label
}

func pageTitleAttr(page int) string { return "Page " + strconv.Itoa(page) }

func px(n int) string { return strconv.Itoa(n) + "px" }

func viewBox(w, h int) string { return fmt.Sprintf("0 0 %d %d", w, h) }
