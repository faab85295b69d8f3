package store

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
)

// conds builds the WHERE clause of a query, for every list filter: its
// conditions, joined by AND, and their arguments, numbered $1…$n in the order
// they are added (the one placeholder syntax of both databases).
type conds struct {
	parts []string
	args  []any
}

// arg adds an argument and returns its placeholder, for a condition put
// together by parts (an IN list, alternatives) or that names it twice.
func (c *conds) arg(v any) string {
	c.args = append(c.args, v)
	return "$" + strconv.Itoa(len(c.args))
}

// add appends a condition whose "?" placeholders take args, in order.
func (c *conds) add(cond string, args ...any) {
	if n := strings.Count(cond, "?"); n != len(args) {
		panic(fmt.Sprintf("store: condition %q has %d placeholders for %d arguments", cond, n, len(args)))
	}
	var b strings.Builder
	i := 0
	for _, r := range cond {
		if r == '?' {
			b.WriteString(c.arg(args[i]))
			i++
			continue
		}
		b.WriteRune(r)
	}
	c.parts = append(c.parts, b.String())
}

// in appends "expr IN (…)" over vals, and a condition that holds for no
// row when vals is empty (an empty IN list is no SQL).
func in[T any](c *conds, expr string, vals []T) {
	if len(vals) == 0 {
		c.add("1 = 0")
		return
	}
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = c.arg(v)
	}
	c.add(expr + " IN (" + strings.Join(ph, ", ") + ")")
}

// sql returns the conditions joined by AND ("1 = 1" when there is none)
// and their arguments.
func (c conds) sql() (string, []any) {
	if len(c.parts) == 0 {
		return "1 = 1", slices.Clip(c.args)
	}
	return strings.Join(c.parts, " AND "), slices.Clip(c.args)
}

// page returns the LIMIT and OFFSET clause to put after the conditions,
// and every argument.
func (c conds) page(limit, offset int) (string, []any) {
	args := append(slices.Clip(c.args), limit, offset)
	return fmt.Sprintf(" LIMIT $%d OFFSET $%d", len(args)-1, len(args)), args
}

// File is one queue of « À traiter »: its counter (Attentes) and the list
// it links to (ListDemandes, SearchConseillers with the same filter) read
// the same condition, so that « 3 à instruire » leads to 3 lines.
type File string

// The queues.
const (
	FileAucune      File = ""
	FileAInstruire  File = "a_instruire"  // candidatures and renewals the pilote instructs (conseillers c, designation d)
	FileAAviser     File = "a_aviser"     // candidatures in instruction without the inspection's opinion (conseillers c, designation d)
	FileASolliciter File = "a_solliciter" // requests searched with fewer people solicited than wanted (demandes d)
	FileRelance     File = "relance"      // requests with a solicitation unanswered that expires within two days (demandes d)
	FileARepondre   File = "a_repondre"   // requests where the CEE's solicitation waits for their answer (demandes d)
	FileCompteRendu File = "compte_rendu" // requests done, accepted by the CEE, without their compte rendu (demandes d)
	FileAVenir      File = "a_venir"      // requests not done yet where the CEE's solicitation is accepted: their next actions (demandes d)
	// FileFinMandat: CEE in mandate whose mandate ends within
	// model.JoursFinMandat days (conseillers c, designation d): the
	// dashboards' « mandats arrivant à échéance » and the page /mandats.
	FileFinMandat File = "fin_mandat"
)

// adder is what conds and the indicators' where have in common: a
// condition with "?" placeholders.
type adder interface{ add(string, ...any) }

// fileConds adds the condition of queue f. now is the reading time (the
// two days of FileRelance); cee is the CEE of the reader for their queues.
func fileConds(c adder, f File, now time.Time, cee int64) {
	switch f {
	case FileAucune:
	case FileAInstruire:
		c.add("d.etat IN ('proposee', 'renouvellement_propose')")
	case FileFinMandat:
		c.add("d.courante AND d.etat IN ('active', 'renouvellement_propose') AND d.fin >= ? AND d.fin <= ?",
			utc(now), utc(now.AddDate(0, 0, model.JoursFinMandat)))
	case FileAAviser:
		c.add("d.etat = 'en_instruction' AND d.avis = ''")
	case FileASolliciter:
		// Fewer people solicited (waiting or accepted) than the request
		// wants: an expired solicitation brings it back here.
		c.add(`d.etat = 'en_recherche' AND (SELECT COUNT(*) FROM sollicitations s WHERE s.demande_id = d.id AND s.etat IN ('envoyee', 'acceptee')) < d.personnes`)
	case FileRelance:
		c.add(`d.etat = 'en_recherche' AND EXISTS (SELECT 1 FROM sollicitations s WHERE s.demande_id = d.id AND s.etat = 'envoyee' AND s.expire_le < ?)`,
			utc(now.Add(48*time.Hour)))
	case FileARepondre:
		c.add(`EXISTS (SELECT 1 FROM sollicitations s WHERE s.demande_id = d.id AND s.conseiller_id = ? AND s.etat = 'envoyee')`, cee)
	case FileCompteRendu:
		c.add(`d.etat = 'realisee' AND EXISTS (SELECT 1 FROM sollicitations s WHERE s.demande_id = d.id AND s.conseiller_id = ? AND s.etat = 'acceptee')
			AND NOT EXISTS (SELECT 1 FROM interventions i WHERE i.demande_id = d.id AND i.conseiller_id = ?)`, cee, cee)
	case FileAVenir:
		c.add(`d.etat IN ('en_recherche', 'pourvue') AND EXISTS (SELECT 1 FROM sollicitations s WHERE s.demande_id = d.id AND s.conseiller_id = ? AND s.etat = 'acceptee')`, cee)
	default:
		c.add("1 = 0")
	}
}

// ParseFile reads a queue named in a query; ok is false for an unknown one.
func ParseFile(v string) (File, bool) {
	switch f := File(v); f {
	case FileAucune, FileAInstruire, FileAAviser, FileFinMandat, FileASolliciter, FileRelance, FileARepondre, FileCompteRendu, FileAVenir:
		return f, true
	}
	return "", false
}

// sub builds the conditions of a subquery with build, numbered after c's
// (they share its arguments), and returns them joined by AND.
func sub(c *conds, build func(*conds)) string {
	inner := conds{args: c.args}
	build(&inner)
	c.args = inner.args
	w, _ := inner.sql()
	return w
}
