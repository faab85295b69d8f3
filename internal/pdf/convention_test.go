package pdf

import (
	"bytes"
	"testing"
	"time"
)

func TestConventionProjet(t *testing.T) {
	var b bytes.Buffer
	c := Convention{Organisation: "CPME Occitanie", Reference: "CONV-2026-03", Debut: day(2026, time.September, 1), Fin: day(2029, time.August, 31),
		DureeMois: 36, ObjectifCEE: 12, Secteurs: "BTP, industrie", PartEmployeurs: 60, Objectifs: "Jurys de CAP en priorité.", Date: day(2026, time.June, 2)}
	if err := ConventionProjet(&b, toulouse, c); err != nil {
		t.Fatal(err)
	}
	contains(t, extract(t, b.Bytes()),
		"Convention relative aux conseillers entreprises pour l'École",
		"et l'organisation CPME Occitanie, d'autre part,",
		"maintenir en fonction 12 conseiller(s)",
		"Secteurs d'activité couverts : BTP, industrie.",
		"60 % d'employeurs et 40 % de salariés",
		"Jurys de CAP en priorité.",
		"durée de 36 mois, du 1er septembre 2026 au 31 août 2029 inclus",
		"Pour l'organisation CPME Occitanie")
	if err := ConventionProjet(&b, toulouse, Convention{Debut: c.Debut, Fin: c.Fin}); err == nil {
		t.Error("un projet sans organisation est accepté")
	}
}
