package model

import (
	"strings"
	"testing"
	"time"
)

// Every (from, to, actor) triple: the allowed ones are exactly these.
func TestDemandeTransitions(t *testing.T) {
	allowed := map[string]bool{
		"brouillon>soumise/demandeur":    true,
		"brouillon>annulee/demandeur":    true,
		"soumise>a_valider/systeme":      true,
		"soumise>en_recherche/systeme":   true,
		"a_valider>en_recherche/pilote":  true,
		"a_valider>annulee/pilote":       true,
		"a_valider>annulee/demandeur":    true,
		"en_recherche>pourvue/systeme":   true,
		"en_recherche>pourvue/pilote":    true,
		"en_recherche>annulee/pilote":    true,
		"en_recherche>annulee/demandeur": true,
		"en_recherche>expiree/systeme":   true,
		"pourvue>en_recherche/systeme":   true,
		"pourvue>en_recherche/pilote":    true,
		"pourvue>realisee/systeme":       true,
		"pourvue>realisee/pilote":        true,
		"pourvue>realisee/demandeur":     true,
		"pourvue>annulee/pilote":         true,
		"pourvue>annulee/demandeur":      true,
		"realisee>cloturee/demandeur":    true,
		"realisee>cloturee/pilote":       true,
		"realisee>cloturee/systeme":      true,
		"expiree>en_recherche/pilote":    true,
	}
	n := 0
	for _, from := range EtatsDemande() {
		for _, to := range EtatsDemande() {
			for _, a := range []ActeurDemande{ParDemandeur, ParPilote, ParSysteme} {
				key := string(from) + ">" + string(to) + "/" + string(a)
				if got := CanTransitionDemande(from, to, a); got != allowed[key] {
					t.Errorf("%s: CanTransitionDemande = %v, want %v", key, got, allowed[key])
				}
				n++
			}
		}
	}
	if n != 9*9*3 {
		t.Fatalf("%d triples checked", n)
	}
	// Closed, cancelled requests are final.
	for _, e := range []EtatDemande{DemandeCloturee, DemandeAnnulee} {
		for _, a := range []ActeurDemande{ParDemandeur, ParPilote, ParSysteme} {
			if next := NextDemande(e, a); len(next) != 0 {
				t.Errorf("%s is final, yet %s may move it to %v", e, a, next)
			}
		}
	}
}

func TestCreneau(t *testing.T) {
	for _, s := range []string{"2027-01-12AM", "2027-01-12PM", "2027-01-12"} {
		c, err := ParseCreneau(s)
		if err != nil || c.String() != s {
			t.Errorf("ParseCreneau(%q) = %v, %v", s, c, err)
		}
	}
	for _, s := range []string{"2027-01-12XX", "12/01/2027", "2027-02-30AM", ""} {
		if _, err := ParseCreneau(s); err == nil {
			t.Errorf("ParseCreneau(%q) accepted", s)
		}
	}
	c, _ := ParseCreneau("2027-01-12PM")
	if got := c.Label(); got != "mardi 12 janvier 2027, après-midi" {
		t.Errorf("Label = %q", got)
	}
}

func TestDemandeErrors(t *testing.T) {
	today := time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return time.Date(2027, 1, d, 0, 0, 0, 0, time.UTC) }
	ok := Demande{Type: TypeIntervention, Titre: "Matinée des métiers", Personnes: 2, ContactEmail: "a@b.fr",
		Creneaux: []Creneau{{Jour: day(12), Moment: "AM"}}}
	if errs := ok.Errors(today); len(errs) != 0 {
		t.Fatalf("valid request refused: %v", errs)
	}
	debut, fin := day(20), day(18)
	for name, tt := range map[string]struct {
		mod   func(*Demande)
		field string
	}{
		"no type":       {func(d *Demande) { d.Type = "" }, "type"},
		"no title":      {func(d *Demande) { d.Titre = " " }, "titre"},
		"no people":     {func(d *Demande) { d.Personnes = 0 }, "personnes"},
		"no date":       {func(d *Demande) { d.Creneaux = nil }, "dates"},
		"past date":     {func(d *Demande) { d.Creneaux = []Creneau{{Jour: day(3)}} }, "dates"},
		"period upside": {func(d *Demande) { d.Creneaux, d.Debut, d.Fin = nil, &debut, &fin }, "dates"},
		"no contact":    {func(d *Demande) { d.ContactEmail = "" }, "contact_email"},
	} {
		d := ok
		tt.mod(&d)
		if errs := d.Errors(today); errs[tt.field] == "" || len(errs) != 1 {
			t.Errorf("%s: errors %v, want one on %s", name, errs, tt.field)
		}
	}
}

// Bad dates of a request: too many (a draft too), in the past, alternatives
// with one date; distances out of range.
func TestDemandeDatesInvalides(t *testing.T) {
	today := time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)
	base := Demande{Type: TypeIntervention, Titre: "Atelier", Personnes: 1, ContactEmail: "a@b.fr"}
	var quarante []Creneau
	for i := range 40 {
		quarante = append(quarante, Creneau{Jour: today.AddDate(0, 0, i+1)})
	}
	cases := []struct {
		nom   string
		edit  func(*Demande)
		champ string
		veut  string
	}{
		{"40 dates", func(d *Demande) { d.Creneaux = quarante }, "dates", "40 dates, c'est trop : 10 au plus"},
		{"passée", func(d *Demande) {
			d.Creneaux = []Creneau{{Jour: today.AddDate(0, 0, -1)}, {Jour: today.AddDate(0, 0, 3)}}
		}, "dates", "Les dates sont passées"},
		{"au choix, une date", func(d *Demande) { d.DatesAuChoix, d.Creneaux = true, []Creneau{{Jour: today.AddDate(0, 0, 3)}} }, "dates", "au moins deux"},
		{"10 000 km", func(d *Demande) { d.Creneaux, d.DistanceMaxKm = []Creneau{{Jour: today}}, 10000 }, "distance_max_km", "de 1 à 500 km"},
		{"correcte", func(d *Demande) { d.Creneaux, d.DistanceMaxKm = quarante[:10], 30 }, "", ""},
	}
	for _, c := range cases {
		d := base
		c.edit(&d)
		errs := d.Errors(today)
		if c.champ == "" {
			if len(errs) > 0 {
				t.Errorf("%s: %v", c.nom, errs)
			}
			continue
		}
		if !strings.Contains(errs[c.champ], c.veut) {
			t.Errorf("%s: %q, want %q", c.nom, errs[c.champ], c.veut)
		}
	}
	d := base
	d.Creneaux = quarante
	if m := d.ErrorsBrouillon()["dates"]; m == "" {
		t.Error("a draft with 40 dates saved")
	}
	if ErreurDistanceSaisie(0) == "" || ErreurDistance(0) != "" {
		t.Error("typed 0 km must be refused, an empty field is the default")
	}
}
