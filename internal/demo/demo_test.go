package demo_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"cee/internal/demo"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

func all(t *testing.T, s *store.Store) []model.Etablissement {
	t.Helper()
	list, _, err := s.ListEtablissements(context.Background(), store.EtablissementFilter{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestSmallIsRealisticAndDeterministic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if empty, _ := demo.IsEmpty(ctx, s); !empty {
			t.Fatal("fresh database not empty")
		}
		steps := 0
		counts, err := demo.Generate(ctx, s, demo.Options{Scale: demo.Small, Seed: 7, Progress: func(string, int, int) { steps++ }})
		if err != nil {
			t.Fatal(err)
		}
		if counts.Academies != 1 || counts.Etablissements < 100 || counts.Etablissements > 400 {
			t.Errorf("small scale gave %s, want one académie and a few hundred établissements", counts)
		}
		if steps == 0 {
			t.Error("no progress reported")
		}
		demoConventions(t, s)
		list := all(t, s)
		if len(list) != counts.Etablissements {
			t.Fatalf("%d in the database, %d reported (UAI collision?)", len(list), counts.Etablissements)
		}
		types := map[model.TypeEtablissement]int{}
		for _, e := range list {
			types[e.Type]++
			if !refdata.ValidUAI(e.UAI) {
				t.Errorf("invalid UAI %s", e.UAI)
			}
			if dep, ok := refdata.DepartementOfUAI(e.UAI); !ok || dep != e.Departement {
				t.Errorf("UAI %s carries département %q, school is in %q", e.UAI, dep, e.Departement)
			}
			c, ok := refdata.CommuneByCode(e.CodeCommune)
			if !ok || c.Departement != e.Departement || c.Nom != e.NomCommune {
				t.Errorf("%s: commune %s %q not in département %s", e.UAI, e.CodeCommune, e.NomCommune, e.Departement)
			}
			if d, _ := refdata.DepartementByCode(e.Departement); d.Academie != demo.SmallAcademie || e.Academie != demo.SmallAcademie {
				t.Errorf("%s in académie %s / département of académie %s", e.UAI, e.Academie, d.Academie)
			}
			if e.Latitude == nil || e.Nom == "" {
				t.Errorf("%s: missing name or coordinates", e.UAI)
			}
		}
		if types[model.College] == 0 || types[model.Lycee] == 0 {
			t.Errorf("types %v: want collèges and lycées", types)
		}
		cees, n, err := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}, Limit: 1000})
		if err != nil || n != counts.Conseillers || n < 100 || counts.Organisations == 0 {
			t.Fatalf("%d CEE in the directory, %s reported (%v)", n, counts, err)
		}
		etats := map[model.EtatDesignation]int{}
		for _, c := range cees {
			etats[c.Etat]++
			// Besides the académie, only the tête de réseau's member of the
			// neighbour académie.
			if (c.Academie != demo.SmallAcademie && (c.Academie != demo.AcademieVoisine || c.Organisation != "CFDT Bordeaux")) || c.Organisation == "" || c.Email == "" {
				t.Errorf("CEE %+v", c)
			}
		}
		for _, e := range []model.EtatDesignation{model.DesignationActive, model.DesignationProposee, model.DesignationEnInstruction,
			model.DesignationDesignee, model.DesignationRenouvellement, model.DesignationTerminee} {
			if etats[e] == 0 {
				t.Errorf("no CEE in state %s: %v", e, etats)
			}
		}
		// Professionals: mostly employees, some employers and artisans, a
		// few unknown (the colleges of the juries read them).
		pros, n, err := s.SearchProfessionnels(ctx, store.ProfessionnelFilter{Scope: model.Scope{National: true}, Limit: 10000})
		if err != nil || n == 0 || n != len(pros) {
			t.Fatalf("%d professionals (%v)", n, err)
		}
		statutsPro := map[model.StatutPro]int{}
		for _, p := range pros {
			statutsPro[p.StatutPro]++
		}
		if 2*statutsPro[model.StatutSalarie] < n || statutsPro[model.StatutEmployeur] == 0 || statutsPro[model.StatutArtisan] == 0 ||
			statutsPro[model.StatutAutre] == 0 || statutsPro[""] == 0 || 10*statutsPro[""] > n {
			t.Errorf("statuses of %d professionals: %v", n, statutsPro)
		}

		// One unit of each kind, with member lycées of the académie (the
		// lycée des métiers one), each with requests, actions and events
		// attached.
		campus, err := s.ListCampus(ctx, demo.SmallAcademie)
		kinds := map[model.TypeCampus]int{}
		for _, c := range campus {
			kinds[c.Type] = c.NbMembres
		}
		if err != nil || len(campus) != 3 || kinds[model.CampusCMQ] == 0 || kinds[model.CampusPoleStage] == 0 || kinds[model.CampusLyceeMetiers] != 1 {
			t.Errorf("demo units: %v %+v", err, campus)
		}
		chiffres, err := s.ChiffresUnites(ctx, store.UniteFilter{Academie: demo.SmallAcademie, Du: time.Now().AddDate(-5, 0, 0), Au: time.Now().AddDate(5, 0, 0)})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range chiffres {
			if c.Demandes == 0 || c.Actions == 0 || c.Evenements == 0 || c.CEE == 0 || c.Etablissements == 0 {
				t.Errorf("the demo's %s has too little attached: %+v", c.Campus.Nom, c)
			}
		}
		checkJurys(t, s)

		// Same seed on another database: the same data.
		other := storetest.MustOpen(t, "sqlite:"+t.TempDir()+"/autre.db")
		if _, err := demo.Generate(ctx, other, demo.Options{Scale: demo.Small, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		if again := jurysOf(t, other); !slices.Equal(again, jurysOf(t, s)) {
			t.Errorf("same seed, different juries:\n%s\nvs\n%s", strings.Join(jurysOf(t, s), "\n"), strings.Join(again, "\n"))
		}
		again := all(t, other)
		if len(again) != len(list) {
			t.Fatalf("same seed gave %d then %d établissements", len(list), len(again))
		}
		for i := range list {
			if list[i].UAI != again[i].UAI || list[i].Nom != again[i].Nom || *list[i].Latitude != *again[i].Latitude {
				t.Fatalf("same seed, different data at %d: %+v vs %+v", i, list[i], again[i])
			}
		}
		// Another seed: other data.
		third := storetest.MustOpen(t, "sqlite:"+t.TempDir()+"/trois.db")
		demo.Generate(ctx, third, demo.Options{Scale: demo.Small, Seed: 8})
		if diff := all(t, third); len(diff) == len(list) && diff[0].UAI == list[0].UAI && diff[0].Nom == list[0].Nom {
			t.Error("seed 8 gave the same data as seed 7")
		}
	})
}

// checkJurys checks the exam sessions of the small demo: last June's
// composed within the rules, published, answered and attended, and the
// coming one in its availability campaign.
func checkJurys(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	list, err := s.ListSessionsExamen(ctx, demo.SmallAcademie)
	if err != nil || len(list) != 2 {
		t.Fatalf("%d exam sessions (%v), want last June's and the coming one", len(list), err)
	}
	coming, past := list[0], list[1] // latest first
	if past.Etat != model.SessionPubliee || !past.Fin.Before(now) || past.Debut.Month() != time.June ||
		model.AnneeScolaireOf(past.Debut) != model.AnneeScolaireOf(now)-1 || past.Jurys == 0 {
		t.Errorf("past session %+v: want last school year's June session, published", past)
	}
	if coming.Etat != model.SessionCampagne || coming.Echeance == nil || !coming.Echeance.After(now) || !coming.Echeance.Before(coming.Debut) || coming.Jurys == 0 {
		t.Errorf("coming session %+v: want its availability campaign open", coming)
	}
	// The past composition keeps every hard constraint (optim.Check).
	if v, err := workflow.Verifier(ctx, s, past.ID); err != nil || len(v) > 0 {
		t.Errorf("past session: %v, violations %v", err, v)
	}
	jurys, err := s.ListJurys(ctx, past.ID)
	if err != nil {
		t.Fatal(err)
	}
	statuts := map[string]int{}
	presents, absents, sieges, membres, prosEmployeurs := 0, 0, 0, 0, 0
	for _, j := range jurys {
		d, ok := refdata.DiplomeByCode(j.Specialite)
		if !ok || !slices.Contains([]string{"CAP", "BAC PRO", "BTS"}, d.Type) || j.Centre == "" || len(j.DemiJournees) == 0 ||
			j.Employeurs+j.Salaries > j.Sieges {
			t.Errorf("jury %+v", j)
		}
		sieges += j.Sieges
		for _, m := range j.Membres {
			membres++
			statuts[m.Statut]++
			if strings.HasPrefix(m.Email, "pro.") && m.College == model.CollegeEmployeur {
				prosEmployeurs++
			}
			switch {
			case m.Statut == "empeche" && m.Present != nil:
				t.Errorf("%s prevented but marked present %v", m.Nom, *m.Present)
			case m.Statut != "empeche" && m.Present == nil:
				t.Errorf("%s (%s): no attendance recorded", m.Nom, m.Statut)
			case m.Present != nil && *m.Present:
				presents++
			case m.Present != nil:
				absents++
			}
		}
	}
	// Professionals of the wider network sit as employers too, not only CEE.
	if prosEmployeurs == 0 {
		t.Error("past session: no professional of the wider network seated as an employer")
	}
	if 2*membres < sieges || statuts["confirme"] == 0 || statuts["empeche"] == 0 || statuts["propose"] > 0 || presents == 0 || absents == 0 {
		t.Errorf("past session: %d members for %d seats, statuses %v, %d present, %d absent", membres, sieges, statuts, presents, absents)
	}
	dispos, err := s.ListDisponibilites(ctx, coming.ID)
	if err != nil {
		t.Fatal(err)
	}
	repondu, cee, pro := 0, 0, 0
	for _, d := range dispos {
		if d.RepondueLe != nil {
			repondu++
			if len(d.DemiJournees) == 0 || len(d.Specialites) == 0 {
				t.Errorf("answer without half-days or specialities: %+v", d)
			}
		}
		if d.ConseillerID != 0 {
			cee++
		} else {
			pro++
		}
	}
	if repondu == 0 || repondu == len(dispos) || cee == 0 || pro == 0 {
		t.Errorf("coming session: %d asked (%d CEE, %d professionals), %d answered", len(dispos), cee, pro, repondu)
	}
	next, _ := s.ListJurys(ctx, coming.ID)
	for _, j := range next {
		if len(j.Membres) > 0 {
			t.Errorf("coming jury %s already composed", j.Code)
		}
	}
	// The dashboards' jury indicators of last year are not zero.
	ind, err := s.IndicateursJurys(ctx, store.IndicateurFilter{Annee: model.AnneeScolaireOf(past.Debut), Now: now, Academie: demo.SmallAcademie})
	if err != nil || ind.Pourvus == 0 || ind.Employeurs == 0 || ind.Salaries == 0 || ind.Equilibres == 0 || ind.Jurys != past.Jurys {
		t.Errorf("jury indicators of %s: %+v (%v)", model.AnneeScolaireOf(past.Debut).Label(), ind, err)
	}
	t.Logf("past session: %d juries, %d members for %d seats, indicators %+v; coming: %d asked, %d answered", len(jurys), membres, sieges, ind, len(dispos), repondu)
}

// jurysOf writes an académie's juries and their members down, to compare
// two databases.
func jurysOf(t *testing.T, s *store.Store) []string {
	t.Helper()
	ctx := context.Background()
	list, err := s.ListSessionsExamen(ctx, demo.SmallAcademie)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, x := range list {
		jurys, err := s.ListJurys(ctx, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range jurys {
			line := fmt.Sprint(x.Nom, x.Etat, j.Code, j.Specialite, j.UAI, j.DemiJournees, j.Sieges, j.Employeurs, j.Salaries, j.Conflits)
			for _, m := range j.Membres {
				present := "-"
				if m.Present != nil {
					present = fmt.Sprint(*m.Present)
				}
				line += fmt.Sprintf(" | %s %s %s %s %.1f", m.Email, m.College, m.Statut, present, m.DistanceKm)
			}
			out = append(out, line)
		}
	}
	return out
}

// TestUnitesNationales: at the national scale every académie has its CMQ,
// its pôle de stage and its lycée des métiers, with member lycées of the
// académie, for several seeds (the small demo test checks what is attached
// to them; the national data set itself takes 30 minutes).
func TestUnitesNationales(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		unites, err := demo.UnitesEchelle(demo.National, seed)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if len(unites) != len(refdata.Academies()) || len(unites) < 30 {
			t.Errorf("seed %d: units in %d académies, want all %d", seed, len(unites), len(refdata.Academies()))
		}
		for _, a := range refdata.Academies() {
			kinds := map[model.TypeCampus]int{}
			for _, c := range unites[a.Code] {
				kinds[c.Type] = c.NbMembres
				if c.Academie != a.Code {
					t.Errorf("seed %d: %s in académie %s, listed under %s", seed, c.Nom, c.Academie, a.Code)
				}
			}
			if len(unites[a.Code]) != 3 || kinds[model.CampusCMQ] == 0 || kinds[model.CampusPoleStage] == 0 || kinds[model.CampusLyceeMetiers] != 1 {
				t.Errorf("seed %d, académie %s: units %+v", seed, a.Code, unites[a.Code])
			}
		}
	}
	// The small scale chooses the units the small demo creates.
	small, err := demo.UnitesEchelle(demo.Small, 7)
	if err != nil || len(small) != 1 || len(small[demo.SmallAcademie]) != 3 {
		t.Errorf("small scale: %+v (%v)", small, err)
	}
}

func TestParseScale(t *testing.T) {
	for in, ok := range map[string]bool{"small": true, "national": true, "": false, "Small": false} {
		if _, err := demo.ParseScale(in); (err == nil) != ok {
			t.Errorf("ParseScale(%q) err = %v", in, err)
		}
	}
}

// BenchmarkNational measures the national data set (about 11,000
// établissements over 30 académies) on SQLite.
func BenchmarkNational(b *testing.B) {
	for i := 0; i < b.N; i++ {
		s := storetest.MustOpen(b, "sqlite:"+b.TempDir()+"/cee.db")
		c, err := demo.Generate(context.Background(), s, demo.Options{Scale: demo.National, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(c.Etablissements), "etablissements")
	}
}

// demoConventions: the demo shows every case of conventions: some in
// force, one expired, an organisation with CEE and none; and the mandates
// of its designations are in the history.
func demoConventions(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	list, err := s.ListConventions(ctx, "16")
	if err != nil {
		t.Fatal(err)
	}
	enVigueur, expirees := 0, 0
	for _, c := range list {
		if c.EnVigueur(time.Now()) {
			enVigueur++
		}
		if c.Etat == model.ConventionExpiree {
			expirees++
		}
	}
	if enVigueur < 2 || expirees != 1 {
		t.Errorf("démo : %d conventions en vigueur, %d expirées ; attendu plusieurs et une", enVigueur, expirees)
	}
	sans, err := s.OrganisationsSansConvention(ctx, "16", time.Now())
	if err != nil || len(sans) != 1 || !strings.HasPrefix(sans[0].Nom, "Chambre d'agriculture") || sans[0].CEE == 0 {
		t.Errorf("démo : organisations sans convention %+v (%v), attendu la Chambre d'agriculture, avec des CEE", sans, err)
	}
	cees, _, _ := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: "16"}, Etat: model.DesignationActive, Limit: 1})
	if ms, _ := s.ListMandats(ctx, cees[0].ID); len(cees) == 0 || len(ms) != 1 {
		t.Errorf("démo : %d mandats dans l'historique d'un CEE en mandat, attendu 1", len(ms))
	}
}

// TestCiviliteAccordePrenom: in the demo, a CEE's or a professional's
// civility agrees with their first name (no « Mme Éric », no « M. Sophie »).
func TestCiviliteAccordePrenom(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := demo.Generate(ctx, s, demo.Options{Seed: 3, Scale: demo.Small}); err != nil {
			t.Fatal(err)
		}
		feminins := map[string]bool{"Hélène": true, "Sophie": true, "Julie": true, "Anne": true, "Isabelle": true, "Nathalie": true, "Émilie": true,
			"Fatima": true, "Chloé": true, "Sandrine": true, "Léa": true, "Aurélie": true, "Inès": true, "Manon": true}
		masculins := map[string]bool{"Nicolas": true, "Karim": true, "Thomas": true, "Mehdi": true, "Julien": true, "François": true, "Laurent": true,
			"Sébastien": true, "Olivier": true, "Pierre": true, "Yannick": true, "Éric": true, "Stéphane": true, "Christophe": true, "Jérôme": true}
		check := func(qui, civilite, prenom string) {
			if (feminins[prenom] && civilite != "Mme") || (masculins[prenom] && civilite != "M.") {
				t.Errorf("%s : « %s %s »", qui, civilite, prenom)
			}
		}
		cees, _, err := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}, Limit: 1000})
		if err != nil || len(cees) < 100 {
			t.Fatalf("%d CEE (%v)", len(cees), err)
		}
		for _, c := range cees {
			check("CEE", c.Civilite, c.Prenom)
		}
		pros, _, err := s.SearchProfessionnels(ctx, store.ProfessionnelFilter{Scope: model.Scope{National: true}, Limit: 10000})
		if err != nil || len(pros) == 0 {
			t.Fatalf("%d professionnels (%v)", len(pros), err)
		}
		for _, p := range pros {
			check("professionnel", p.Civilite, p.Prenom)
		}
	})
}
