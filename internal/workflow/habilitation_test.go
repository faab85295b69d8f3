package workflow_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

// Issue 20: a record-scoped role is granted only on a record that exists in
// the role's académie.
func TestVerifierHabilitation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org, err := s.CreateOrganisation(ctx, model.Organisation{Nom: "MEDEF Toulouse", Type: model.OrgBranche, Academies: []string{"16"}})
		if err != nil {
			t.Fatal(err)
		}
		cmq, err := s.CreateCampus(ctx, model.Campus{Type: model.CampusCMQ, Nom: "CMQ Aéronautique", Academie: "16"})
		if err != nil {
			t.Fatal(err)
		}
		cee, _, err := s.SaveConseiller(ctx, model.Conseiller{Academie: "16", Nom: "Dupré", Prenom: "Hélène", Email: "h.dupre@elec.fr", OrganisationID: org})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.UpsertEtablissement(ctx, model.Etablissement{UAI: "0310036W", Nom: "Lycée Pierre de Fermat", Type: model.Lycee, Statut: "public",
			CodeCommune: "31555", NomCommune: "Toulouse", Departement: "31", Academie: "16"}); err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprint
		for _, c := range []struct {
			h    model.Habilitation
			want string // "" when granted
		}{
			{model.Habilitation{Role: model.RoleOrganisation, Academie: "16", Ref: id(org)}, ""},
			{model.Habilitation{Role: model.RoleOrganisation, Academie: "01", Ref: id(org)}, "n'appartient pas à l'académie de Paris"},
			{model.Habilitation{Role: model.RoleOrganisation, Academie: "16", Ref: "999999"}, "Aucune organisation n° 999999"},
			{model.Habilitation{Role: model.RolePartenaire, Academie: "16", Ref: id(cmq)}, ""},
			{model.Habilitation{Role: model.RolePartenaire, Academie: "01", Ref: id(cmq)}, "n'appartient pas à l'académie de Paris"},
			{model.Habilitation{Role: model.RoleConseiller, Academie: "16", Ref: id(cee)}, ""},
			{model.Habilitation{Role: model.RoleConseiller, Academie: "01", Ref: id(cee)}, "n'appartient pas à l'académie de Paris"},
			{model.Habilitation{Role: model.RoleProfessionnel, Academie: "16", Ref: "999999"}, "Aucun professionnel n° 999999"},
			{model.Habilitation{Role: model.RoleEtablissement, Academie: "16", Ref: "0310036w"}, ""},
			{model.Habilitation{Role: model.RoleEtablissement, Academie: "01", Ref: "0310036W"}, "n'appartient pas à l'académie de Paris"},
			{model.Habilitation{Role: model.RoleEtablissement, Academie: "16", Ref: "0311999A"}, ""}, // filled below: unknown or invalid
			{model.Habilitation{Role: model.RolePilote, Academie: "01"}, ""},
		} {
			got, err := workflow.VerifierHabilitation(ctx, s, c.h)
			var refus workflow.ErreurHabilitation
			switch {
			case c.h.Ref == "0311999A":
				if !errors.As(err, &refus) {
					t.Errorf("unknown school granted: %v", err)
				}
			case c.want == "" && err != nil:
				t.Errorf("%+v refused: %v", c.h, err)
			case c.want != "" && (!errors.As(err, &refus) || !strings.Contains(refus.Message, c.want)):
				t.Errorf("%+v: %v, want a refusal with %q", c.h, err, c.want)
			}
			if c.h.Role == model.RoleEtablissement && err == nil && got.Ref != "0310036W" {
				t.Errorf("UAI not normalised: %q", got.Ref)
			}
		}
	})
}

// The rule of acceptance: a role granted to an account holding a role
// outside the granter's académie waits for its holder.
func TestAcceptationRequise(t *testing.T) {
	paris := model.Principal{H: model.Habilitation{Role: model.RolePilote, Academie: "01"}}
	admin := model.Principal{H: model.Habilitation{Role: model.RoleAdmin}}
	toulouse := model.Compte{Habilitations: []model.Habilitation{{Role: model.RoleInspecteur, Academie: "16"}}}
	national := model.Compte{Habilitations: []model.Habilitation{{Role: model.RoleAdmin}}}
	parisien := model.Compte{Habilitations: []model.Habilitation{{Role: model.RoleExamens, Academie: "01"}}}
	for _, c := range []struct {
		p    model.Principal
		c    model.Compte
		want bool
	}{
		{paris, toulouse, true}, {paris, national, true}, {paris, parisien, false}, {paris, model.Compte{}, false}, {admin, toulouse, false},
	} {
		if got := workflow.AcceptationRequise(c.p, c.c); got != c.want {
			t.Errorf("%s granting to %+v: %v, want %v", c.p.H.Role, c.c.Habilitations, got, c.want)
		}
	}
}

// A département's reader is granted on a département of the role's
// académie; a région académique's reader on the région of the académie,
// filled in when not given.
func TestVerifierHabilitationTerritoire(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		h       model.Habilitation
		wantRef string // the normalised territory when granted
		refus   string // part of the refusal otherwise
	}{
		{model.Habilitation{Role: model.RoleDepartement, Academie: "16", Ref: "031"}, "31", ""},
		{model.Habilitation{Role: model.RoleDepartement, Academie: "16", Ref: "34"}, "", "n'appartient pas à l'académie de Toulouse (il est de l'académie de Montpellier)"},
		{model.Habilitation{Role: model.RoleDepartement, Academie: "16", Ref: "99"}, "", "Département \"99\" inconnu"},
		{model.Habilitation{Role: model.RoleDepartement, Academie: "16"}, "", "Indiquez le département"},
		{model.Habilitation{Role: model.RoleDepartement, Academie: "zz", Ref: "31"}, "", "Académie \"zz\" inconnue"},
		{model.Habilitation{Role: model.RoleRegion, Academie: "16"}, "Occitanie", ""},
		{model.Habilitation{Role: model.RoleRegion, Academie: "11", Ref: "Occitanie"}, "Occitanie", ""},
		{model.Habilitation{Role: model.RoleRegion, Academie: "16", Ref: "Bretagne"}, "", "dans la région académique Occitanie, pas Bretagne"},
	} {
		// The territory needs no record: no database is read.
		got, err := workflow.VerifierHabilitation(ctx, nil, c.h)
		var refus workflow.ErreurHabilitation
		switch {
		case c.refus == "" && (err != nil || got.Ref != c.wantRef):
			t.Errorf("%+v: %+v, %v; want granted on %q", c.h, got, err, c.wantRef)
		case c.refus != "" && (!errors.As(err, &refus) || !strings.Contains(refus.Message, c.refus)):
			t.Errorf("%+v: %v, want a refusal with %q", c.h, err, c.refus)
		}
	}
}
