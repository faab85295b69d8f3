package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// A hand-built network: the expected count of each segment is read off
// the list below.
//
//	CEE A  16 dept 31  FFB  NAF F (43.21A)  famille bâtiment  active, since 3 months
//	CEE B  16 dept 31  FFB  NAF F           —                  active, since 3 years
//	CEE C  16 dept 82  UIMM NAF C (25.62A)  —                  proposée (no start)
//	CEE D  04 dept 33  FFB  NAF F           —                  active, since 2 months
//	Pro P  16 dept 31  NAF F, with consent
//	Pro Q  16 dept 82  NAF C, without consent (not contactable)
//	Pro R  04 dept 33  NAF F, with consent
func TestSegmentCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now()
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		ffb, err := s.CreateOrganisation(ctx, model.Organisation{Nom: "FFB", Type: model.OrgBranche, Academies: []string{"16", "04"}})
		must(err)
		uimm, err := s.CreateOrganisation(ctx, model.Organisation{Nom: "UIMM", Type: model.OrgBranche, Academies: []string{"16"}})
		must(err)
		cee := func(email, acad, dept string, org int64, naf string, familles []string, etat model.EtatDesignation, debut *time.Time) {
			t.Helper()
			id, _, err := s.SaveConseiller(ctx, model.Conseiller{Academie: acad, Nom: email, Prenom: "X", Email: email, Departement: dept,
				OrganisationID: org, CodeNAF: naf, Familles: familles})
			must(err)
			_, err = s.CreateDesignation(ctx, model.Designation{ConseillerID: id, OrganisationID: org, Academie: acad, Etat: etat, Debut: debut})
			must(err)
		}
		months := func(n int) *time.Time { t := now.AddDate(0, -n, 0); return &t }
		cee("a@x.fr", "16", "31", ffb, "43.21A", []string{"famille-bat"}, model.DesignationActive, months(3))
		cee("b@x.fr", "16", "31", ffb, "43.21A", nil, model.DesignationActive, months(36))
		cee("c@x.fr", "16", "82", uimm, "25.62A", nil, model.DesignationProposee, nil)
		cee("d@x.fr", "04", "33", ffb, "43.21A", nil, model.DesignationActive, months(2))
		pro := func(email, acad, dept, naf string, consent bool) {
			t.Helper()
			id, err := s.CreateProfessionnel(ctx, model.Professionnel{Academie: acad, Nom: email, Prenom: "P", Email: email, Departement: dept, CodeNAF: naf})
			must(err)
			if consent {
				must(s.SetConsent(ctx, id, model.Consentement{Interventions: true}, now))
			}
		}
		pro("p@x.fr", "16", "31", "43.21A", true)
		pro("q@x.fr", "16", "82", "25.62A", false)
		pro("r@x.fr", "04", "33", "43.21A", true)

		for _, tc := range []struct {
			name      string
			c         model.Criteres
			cee, pros int
		}{
			{"all CEE of 16", model.Criteres{Conseillers: true, Academie: "16"}, 3, 0},
			{"everyone national", model.Criteres{Conseillers: true, Professionnels: true}, 4, 2},
			{"CEE and pros of 16", model.Criteres{Conseillers: true, Professionnels: true, Academie: "16"}, 3, 1},
			{"département 31", model.Criteres{Conseillers: true, Professionnels: true, Academie: "16", Departement: "31"}, 2, 1},
			{"section F", model.Criteres{Conseillers: true, Professionnels: true, SectionNAF: "F"}, 3, 2},
			{"section C, pro without consent left out", model.Criteres{Conseillers: true, Professionnels: true, SectionNAF: "C"}, 1, 0},
			{"organisation FFB (pros left out)", model.Criteres{Conseillers: true, Professionnels: true, OrganisationID: ffb}, 3, 0},
			{"famille", model.Criteres{Conseillers: true, Famille: "famille-bat"}, 1, 0},
			{"active mandate in 16", model.Criteres{Conseillers: true, Academie: "16", EtatMandat: string(model.DesignationActive)}, 2, 0},
			{"designated less than a year ago", model.Criteres{Conseillers: true, DesignesDepuisMois: 12}, 2, 0},
			{"nobody chosen", model.Criteres{Academie: "16"}, 0, 0},
			{"pilote of 04 bounded", model.Criteres{Conseillers: true, Professionnels: true, Academie: "16"}.Borner(model.Scope{Academie: "04"}), 1, 1},
			{"organisation référent UIMM bounded", model.Criteres{Conseillers: true, Professionnels: true}.Borner(model.Scope{Academie: "16", Organisation: strconv.FormatInt(uimm, 10)}), 1, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a, b, err := s.CountCriteres(ctx, tc.c, now)
				if err != nil {
					t.Fatal(err)
				}
				if a != tc.cee || b != tc.pros {
					t.Errorf("count = %d CEE, %d pros; want %d, %d", a, b, tc.cee, tc.pros)
				}
				list, err := s.Destinataires(ctx, tc.c, now)
				if err != nil {
					t.Fatal(err)
				}
				if len(list) != tc.cee+tc.pros {
					t.Errorf("%d recipients, want %d", len(list), tc.cee+tc.pros)
				}
			})
		}
	})
}
