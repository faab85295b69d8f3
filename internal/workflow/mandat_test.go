package workflow_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

func jour(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// mandatFixture is an académie with a pilote, an organisation with a signed
// convention from 2024-09-01 to 2030-08-31 (réf. CONV-24), and one without.
type mandatFixture struct {
	s             *store.Store
	pilote        workflow.Actor
	avec, sans    int64 // organisations
	conventionRef string
}

func newMandatFixture(t *testing.T, s *store.Store) mandatFixture {
	t.Helper()
	ctx := context.Background()
	pid, _ := s.CreateCompte(ctx, model.Compte{Email: "pilote@ac-toulouse.fr", Statut: model.CompteActif})
	h := model.Habilitation{CompteID: pid, Role: model.RolePilote, Academie: "16"}
	s.AddHabilitation(ctx, h)
	f := mandatFixture{s: s, pilote: workflow.Actor{Compte: model.Compte{ID: pid, Email: "pilote@ac-toulouse.fr"}, P: model.Principal{CompteID: pid, H: h}},
		conventionRef: "CONV-24"}
	var err error
	if f.avec, err = s.CreateOrganisation(ctx, model.Organisation{Nom: "CPME Occitanie", Type: model.OrgInterproEmployeurs, Academies: []string{"16"}}); err != nil {
		t.Fatal(err)
	}
	f.sans, _ = s.CreateOrganisation(ctx, model.Organisation{Nom: "Fédération sans convention", Type: model.OrgInterproEmployeurs, Academies: []string{"16"}})
	cid, err := s.CreateConvention(ctx, model.Convention{Academie: "16", OrganisationID: f.avec, Debut: jour(2024, 9, 1), DureeMois: 72, Reference: "CONV-24"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SignConvention(ctx, cid, jour(2024, 7, 3), "convention.pdf", []byte("%PDF-1.4")); err != nil {
		t.Fatal(err)
	}
	return f
}

// cee records a CEE of organisation org with a designation in state etat;
// a running one gets its first mandate from 2024-09-01 to 2027-08-31.
func (f mandatFixture) cee(t *testing.T, nom string, org int64, etat model.EtatDesignation) int64 {
	t.Helper()
	ctx := context.Background()
	id, _, err := f.s.SaveConseiller(ctx, model.Conseiller{Academie: "16", Nom: nom, Prenom: "Claire", Civilite: "Mme", Email: strings.ToLower(nom) + "@x.fr",
		OrganisationID: org, Territoire: []string{"31"}})
	if err != nil {
		t.Fatal(err)
	}
	d := model.Designation{ConseillerID: id, OrganisationID: org, Academie: "16", Etat: etat, Mission: "Jurys de CAP"}
	if etat == model.DesignationActive || etat == model.DesignationRenouvellement {
		da, debut, fin := jour(2024, 7, 10), jour(2024, 9, 1), jour(2027, 8, 31)
		d.NumeroArrete, d.DateArrete, d.Debut, d.Fin = "2024-001-"+nom, &da, &debut, &fin
	}
	if d.ID, err = f.s.CreateDesignation(ctx, d); err != nil {
		t.Fatal(err)
	}
	if d.Debut != nil {
		if _, err := f.s.CreateMandat(ctx, model.Mandat{ConseillerID: id, DesignationID: d.ID, Academie: "16", OrganisationID: org, Mission: d.Mission,
			NumeroArrete: d.NumeroArrete, DateArrete: *d.DateArrete, Debut: *d.Debut, Fin: *d.Fin}); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// TestMandatHistory: each arrêté adds a mandate to the CEE's history and
// never rewrites one; every refusal names the reason and writes nothing.
func TestMandatHistory(t *testing.T) {
	cases := []struct {
		name       string
		org        string // "avec" or "sans" convention
		etat       model.EtatDesignation
		sans       model.SansConvention
		arrete     model.Arrete
		derogation string
		// want: the error's words ("" for success), then the mandates
		// expected in the history and the designation's state and end.
		wantErr      string
		wantSansConv bool
		mandats      int
		etatApres    model.EtatDesignation
		finApres     time.Time
		citation     string
	}{
		{name: "désignation avec convention", org: "avec", etat: model.DesignationEnInstruction,
			arrete:  model.Arrete{Numero: "2026-10", Date: jour(2026, 1, 5), Debut: jour(2026, 2, 1)},
			mandats: 1, etatApres: model.DesignationDesignee, finApres: jour(2029, 1, 31), citation: "CONV-24"},
		{name: "désignation sans convention refusée (avertir)", org: "sans", etat: model.DesignationEnInstruction, sans: model.SansConventionAvertir,
			arrete:  model.Arrete{Numero: "2026-11", Date: jour(2026, 1, 5), Debut: jour(2026, 2, 1)},
			wantErr: "n'a pas de convention signée avec l'académie en vigueur le 1er février 2026", wantSansConv: true, etatApres: model.DesignationEnInstruction},
		{name: "dérogation motivée (avertir)", org: "sans", etat: model.DesignationEnInstruction, sans: model.SansConventionAvertir,
			arrete: model.Arrete{Numero: "2026-12", Date: jour(2026, 1, 5), Debut: jour(2026, 2, 1)}, derogation: "Convention en cours de signature",
			mandats: 1, etatApres: model.DesignationDesignee, finApres: jour(2029, 1, 31)},
		{name: "bloquer refuse même avec un motif", org: "sans", etat: model.DesignationEnInstruction, sans: model.SansConventionBloquer,
			arrete: model.Arrete{Numero: "2026-13", Date: jour(2026, 1, 5), Debut: jour(2026, 2, 1)}, derogation: "Urgence",
			wantErr: "n'autorise pas de désignation sans convention", etatApres: model.DesignationEnInstruction},
		{name: "convention pas encore en vigueur au début du mandat", org: "avec", etat: model.DesignationEnInstruction,
			arrete:  model.Arrete{Numero: "2024-14", Date: jour(2024, 6, 1), Debut: jour(2024, 8, 1)},
			wantErr: "en vigueur le 1er août 2024", wantSansConv: true, etatApres: model.DesignationEnInstruction},
		{name: "renouvellement à la suite", org: "avec", etat: model.DesignationRenouvellement,
			arrete:  model.Arrete{Numero: "2027-20", Date: jour(2027, 6, 1), Debut: jour(2027, 9, 1)},
			mandats: 2, etatApres: model.DesignationActive, finApres: jour(2030, 8, 31)},
		{name: "renouvellement collectif d'un mandat en cours", org: "avec", etat: model.DesignationActive,
			arrete:  model.Arrete{Numero: "2027-21", Date: jour(2027, 6, 1), Debut: jour(2027, 9, 1)},
			mandats: 2, etatApres: model.DesignationActive, finApres: jour(2030, 8, 31)},
		{name: "renouvellement qui chevauche", org: "avec", etat: model.DesignationRenouvellement,
			arrete:  model.Arrete{Numero: "2027-22", Date: jour(2027, 6, 1), Debut: jour(2027, 8, 15)},
			wantErr: "les deux mandats se chevaucheraient", mandats: 1, etatApres: model.DesignationRenouvellement, finApres: jour(2027, 8, 31)},
		{name: "renouvellement après une interruption", org: "avec", etat: model.DesignationRenouvellement,
			arrete:  model.Arrete{Numero: "2027-23", Date: jour(2027, 6, 1), Debut: jour(2027, 10, 1)},
			wantErr: "sans mandat entre les deux", mandats: 1, etatApres: model.DesignationRenouvellement, finApres: jour(2027, 8, 31)},
		{name: "numéro d'arrêté déjà utilisé", org: "avec", etat: model.DesignationRenouvellement,
			arrete:  model.Arrete{Numero: "2024-001-Autre", Date: jour(2027, 6, 1), Debut: jour(2027, 9, 1)},
			wantErr: "« 2024-001-Autre » est déjà celui de l'arrêté du 10 juillet 2024", mandats: 1, etatApres: model.DesignationRenouvellement, finApres: jour(2027, 8, 31)},
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newMandatFixture(t, s)
		f.cee(t, "Autre", f.avec, model.DesignationActive) // holds arrêté 2024-001-Autre
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				p := model.ParametresParDefaut("16")
				if tc.sans != "" {
					p.SansConvention = tc.sans
				}
				if err := s.SaveParametres(ctx, p); err != nil {
					t.Fatal(err)
				}
				org := f.avec
				if tc.org == "sans" {
					org = f.sans
				}
				id := f.cee(t, "Cas"+string(rune('A'+i)), org, tc.etat)
				before, _ := s.CurrentDesignation(ctx, id)
				history, _ := s.ListMandats(ctx, id)
				_, err := workflow.Prononcer(ctx, s, f.pilote, "https://cee.example", id, tc.arrete, tc.derogation)
				if tc.wantErr == "" && err != nil {
					t.Fatalf("refusé : %v", err)
				}
				if tc.wantErr != "" {
					if _, ok := model.ErreurUtilisateur(err); !ok || !strings.Contains(err.Error(), tc.wantErr) {
						t.Fatalf("erreur %v, attendu un message contenant %q", err, tc.wantErr)
					}
					if errors.Is(err, model.ErrSansConvention) != tc.wantSansConv {
						t.Errorf("dérogation proposée = %v, attendu %v", !tc.wantSansConv, tc.wantSansConv)
					}
				}
				d, _ := s.CurrentDesignation(ctx, id)
				if d.Etat != tc.etatApres {
					t.Errorf("état après : %s, attendu %s", d.Etat, tc.etatApres)
				}
				if !tc.finApres.IsZero() && (d.Fin == nil || !d.Fin.Equal(tc.finApres)) {
					t.Errorf("fin de la désignation : %v, attendu %s", d.Fin, tc.finApres.Format("2006-01-02"))
				}
				if tc.etat == model.DesignationActive || tc.etat == model.DesignationRenouvellement {
					// In mandate all along: the running mandate keeps its start.
					if d.Debut == nil || !d.Debut.Equal(jour(2024, 9, 1)) {
						t.Errorf("début de la désignation réécrit : %v", d.Debut)
					}
				}
				if err != nil && d.UpdatedAt != before.UpdatedAt {
					t.Errorf("désignation modifiée malgré le refus")
				}
				ms, _ := s.ListMandats(ctx, id)
				if len(ms) != tc.mandats {
					t.Fatalf("%d mandats dans l'historique, attendu %d", len(ms), tc.mandats)
				}
				// Earlier mandates are never rewritten.
				for j, m := range history {
					if ms[j].NumeroArrete != m.NumeroArrete || !ms[j].Debut.Equal(m.Debut) || !ms[j].Fin.Equal(m.Fin) {
						t.Errorf("mandat %d réécrit : %+v devenu %+v", j, m, ms[j])
					}
				}
				if err != nil || len(ms) == 0 {
					return
				}
				last := ms[len(ms)-1]
				if last.NumeroArrete != tc.arrete.Numero || !last.Debut.Equal(tc.arrete.Debut) || last.Organisation == "" || len(last.Territoire) != 1 {
					t.Errorf("nouveau mandat : %+v", last)
				}
				if last.Renouvellement != (len(ms) == 2) {
					t.Errorf("renouvellement = %v", last.Renouvellement)
				}
				if tc.citation != "" && (last.Convention == nil || last.Convention.Reference != tc.citation || last.Convention.SigneeLe == nil) {
					t.Errorf("convention citée : %+v", last.Convention)
				}
				if tc.derogation != "" && (last.Convention != nil || last.Derogation != tc.derogation) {
					t.Errorf("dérogation : %q, convention %+v", last.Derogation, last.Convention)
				}
			})
		}
		// The overrides are in the journal.
		entries, _, _ := s.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditDesignation, Limit: 50})
		found := false
		for _, e := range entries {
			if strings.Contains(e.Detail, "dérogation : Convention en cours de signature") {
				found = true
			}
		}
		if !found {
			t.Error("la dérogation n'est pas au journal")
		}
	})
}

// TestPrononcerCollectif: one invalid CEE refuses the whole batch, naming
// the person, and nothing is written; then one arrêté names them all, each
// informed by mail.
func TestPrononcerCollectif(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newMandatFixture(t, s)
		a := f.cee(t, "Arnaud", f.avec, model.DesignationActive)
		b := f.cee(t, "Berthe", f.avec, model.DesignationRenouvellement)
		c := f.cee(t, "Camille", f.avec, model.DesignationEnInstruction)
		// Dupont's mandate ends earlier: a common start would leave a gap.
		d := f.cee(t, "Dupont", f.avec, model.DesignationActive)
		des, _ := s.CurrentDesignation(ctx, d)
		fin := jour(2027, 6, 30)
		des.Fin = &fin
		if err := s.UpdateDesignation(ctx, des, des.Etat); err != nil {
			t.Fatal(err)
		}
		s.DB().ExecContext(ctx, `UPDATE mandats SET fin = $1 WHERE conseiller_id = $2`, fin, d)

		jobsBefore, _ := s.ListJobs(ctx, store.JobPending, 100)
		arr := model.Arrete{Numero: "2027-COLL", Date: jour(2027, 6, 10), Debut: jour(2027, 9, 1)}
		_, _, err := workflow.PrononcerCollectif(ctx, s, f.pilote, "https://cee.example", []int64{a, b, c, d}, arr, "", 4)
		if err == nil || !strings.Contains(err.Error(), "Claire Dupont") || !strings.Contains(err.Error(), "sans mandat entre les deux") {
			t.Fatalf("lot avec un conseiller invalide : %v", err)
		}
		for _, id := range []int64{a, b, c} {
			if ms, _ := s.ListMandats(ctx, id); len(ms) > 1 || (id == c && len(ms) != 0) {
				t.Errorf("conseiller %d : %d mandats écrits malgré le refus du lot", id, len(ms))
			}
		}
		if jobs, _ := s.ListJobs(ctx, store.JobPending, 100); len(jobs) != len(jobsBefore) {
			t.Errorf("%d courriels en file après un lot refusé, attendu %d", len(jobs), len(jobsBefore))
		}

		// The preview counts without writing or mailing anything; a count
		// other than the preview's is refused.
		designes, renouveles, err := workflow.ApercuCollectif(ctx, s, f.pilote, []int64{a, b, c}, arr, "")
		if err != nil || designes != 1 || renouveles != 2 {
			t.Fatalf("aperçu : %d désignés, %d renouvelés (%v)", designes, renouveles, err)
		}
		if _, _, err := workflow.PrononcerCollectif(ctx, s, f.pilote, "https://cee.example", []int64{a, b, c}, arr, "", 2); !errors.Is(err, workflow.ErrDecompte) {
			t.Fatalf("confirmé pour 2 personnes, l'arrêté en nomme 3 : %v", err)
		}
		if ms, _ := s.MandatsOfArrete(ctx, "16", "2027-COLL"); len(ms) != 0 {
			t.Fatalf("%d mandats écrits par l'aperçu ou le décompte refusé", len(ms))
		}
		if jobs, _ := s.ListJobs(ctx, store.JobPending, 100); len(jobs) != len(jobsBefore) {
			t.Errorf("%d courriels en file après l'aperçu, attendu %d", len(jobs), len(jobsBefore))
		}
		designes, renouveles, err = workflow.PrononcerCollectif(ctx, s, f.pilote, "https://cee.example", []int64{a, b, c}, arr, "", 3)
		if err != nil || designes != 1 || renouveles != 2 {
			t.Fatalf("lot valide : %d désignés, %d renouvelés (%v)", designes, renouveles, err)
		}
		ms, _ := s.MandatsOfArrete(ctx, "16", "2027-COLL")
		if len(ms) != 3 {
			t.Fatalf("%d mandats sous l'arrêté collectif, attendu 3", len(ms))
		}
		for _, m := range ms {
			if !m.Collectif || m.Convention == nil {
				t.Errorf("mandat %+v : collectif et convention attendus", m)
			}
		}
		if cur, _ := s.CurrentDesignation(ctx, a); cur.Etat != model.DesignationActive {
			t.Errorf("renouvelé : %s, attendu en cours (en mandat jusqu'à la fin de l'actuel)", cur.Etat)
		}
		jobs, _ := s.ListJobs(ctx, store.JobPending, 100)
		mails := 0
		for _, j := range jobs[:len(jobs)-len(jobsBefore)] {
			for _, who := range []string{"arnaud@x.fr", "berthe@x.fr", "camille@x.fr"} {
				if strings.Contains(string(j.Payload), who) {
					mails++
				}
			}
		}
		if mails != 3 {
			t.Errorf("%d courriels individuels, attendu 3", mails)
		}
		// The number is now taken.
		if _, _, err := workflow.PrononcerCollectif(ctx, s, f.pilote, "https://cee.example", []int64{d}, arr, "", 1); err == nil || !strings.Contains(err.Error(), "déjà celui de l'arrêté") {
			t.Errorf("numéro réutilisé : %v", err)
		}
	})
}

// TestConventionChevauchement: a second convention of one organisation
// over the same days is refused with both periods named.
func TestConventionChevauchement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newMandatFixture(t, s)
		err := workflow.CreerConvention(ctx, s, f.pilote, model.Convention{Academie: "16", OrganisationID: f.avec, Organisation: "CPME Occitanie", Debut: jour(2027, 1, 1), DureeMois: 36})
		if err == nil || !strings.Contains(err.Error(), "convention du 1er septembre 2024 au 31 août 2030 (réf. CONV-24)") || !strings.Contains(err.Error(), "chevaucherait") {
			t.Fatalf("chevauchement : %v", err)
		}
		if list, _ := s.ConventionsOfOrganisation(ctx, "16", f.avec); len(list) != 1 {
			t.Errorf("%d conventions, attendu 1", len(list))
		}
		if err := workflow.CreerConvention(ctx, s, f.pilote, model.Convention{Academie: "16", OrganisationID: f.avec, Debut: jour(2030, 9, 1), DureeMois: 36}); err != nil {
			t.Errorf("convention suivante refusée : %v", err)
		}
	})
}
