package demo

import (
	"context"
	"fmt"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// DomaineDemo is the e-mail domain of the demonstration accounts: reserved
// (RFC 2606), so no demo message can reach a real person.
const DomaineDemo = "demo.example"

// comptes creates one active account per role in the académie, scoped to
// the first lycée generated for the établissement role and, for the
// animator (partenaire), to the CMQ cmq, plus one account holding two roles
// to try the role switcher.
func comptes(ctx context.Context, s *store.Store, academie string, etabs []model.Etablissement, cmq int64) (int, error) {
	// The organisation référent and the CEE accounts point at real records
	// of the académie.
	orgs, err := s.ListOrganisations(ctx, academie)
	if err != nil || len(orgs) == 0 {
		return 0, fmt.Errorf("comptes de démonstration : aucune organisation dans l'académie %s (%v)", academie, err)
	}
	cees, _, err := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: academie, Organisation: fmt.Sprint(orgs[0].ID)}, Etat: model.DesignationActive, Limit: 1})
	if err != nil || len(cees) == 0 {
		return 0, fmt.Errorf("comptes de démonstration : aucun conseiller en mandat (%v)", err)
	}
	pros, _, err := s.SearchProfessionnels(ctx, store.ProfessionnelFilter{Scope: model.Scope{Academie: academie}, Limit: 1})
	if err != nil || len(pros) == 0 {
		return 0, fmt.Errorf("comptes de démonstration : aucun professionnel ayant donné son accord (%v)", err)
	}
	orgRef, ceeRef, proRef := fmt.Sprint(orgs[0].ID), fmt.Sprint(cees[0].ID), fmt.Sprint(pros[0].ID)
	uai := ""
	for _, e := range etabs {
		if e.Type == model.Lycee && e.VoieProfessionnelle {
			uai = e.UAI
			break
		}
	}
	// The tête de réseau: the confederation heading its organisations of
	// every académie (teteReseauDemo), with no académie of its own.
	all, err := s.ListOrganisations(ctx, "")
	if err != nil {
		return 0, err
	}
	teteRef := ""
	for _, o := range all {
		if o.Nom == teteReseauDemo {
			teteRef = fmt.Sprint(o.ID)
		}
	}
	if teteRef == "" {
		return 0, fmt.Errorf("comptes de démonstration : aucune organisation %q", teteReseauDemo)
	}
	region, ok := refdata.AcademieByCode(academie)
	if !ok {
		return 0, fmt.Errorf("comptes de démonstration : académie %q inconnue", academie)
	}
	type demoCompte struct {
		email, nom string
		habs       []model.Habilitation
	}
	list := []demoCompte{
		{"admin", "Aline Administratrice", []model.Habilitation{{Role: model.RoleAdmin}}},
		{"lecteur", "Louis Lecteur", []model.Habilitation{{Role: model.RoleLecteurNational}}},
		{"pilote", "Claire Martin", []model.Habilitation{{Role: model.RolePilote, Academie: academie}}},
		{"organisation", "Olivier Garnier", []model.Habilitation{{Role: model.RoleOrganisation, Academie: academie, Ref: orgRef}}},
		{"conseiller", cees[0].NomComplet(), []model.Habilitation{{Role: model.RoleConseiller, Academie: academie, Ref: ceeRef}}},
		{"professionnel", pros[0].Prenom + " " + pros[0].Nom, []model.Habilitation{{Role: model.RoleProfessionnel, Academie: academie, Ref: proRef}}},
		{"etablissement", "Nathalie Roux", []model.Habilitation{{Role: model.RoleEtablissement, Academie: academie, Ref: uai}}},
		{"inspecteur", "Marc Lefèvre", []model.Habilitation{{Role: model.RoleInspecteur, Academie: academie}}},
		{"examens", "Isabelle Moreau", []model.Habilitation{{Role: model.RoleExamens, Academie: academie}}},
		{"partenaire", "Julien Petit", []model.Habilitation{{Role: model.RolePartenaire, Academie: academie, Ref: fmt.Sprint(cmq)}}},
		// Inspector and exam division: two roles, neither needing a second
		// factor, for the role switcher.
		{"ien", "Hélène Dupré", []model.Habilitation{{Role: model.RoleInspecteur, Academie: academie}, {Role: model.RoleExamens, Academie: academie}}},
		// The territorial readers: the DSDEN of the demo CEE's département
		// (the académie's other départements are outside it), and the
		// DRAFPIC of the académie's région académique.
		{"departement", "Sophie Bernard", []model.Habilitation{{Role: model.RoleDepartement, Academie: academie, Ref: cees[0].Departement}}},
		{"region", "Paul Girard", []model.Habilitation{{Role: model.RoleRegion, Academie: academie, Ref: region.RegionAcademique}}},
		// The tête de réseau reads its members' CEE in the académie and in
		// AcademieVoisine, read-only.
		{"tete-reseau", "Bernard Lefort", []model.Habilitation{{Role: model.RoleTeteReseau, Academie: academie, Ref: teteRef}}},
	}
	err = s.InTx(ctx, func(tx *store.Store) error {
		for _, d := range list {
			email := d.email + "@" + DomaineDemo
			id, err := tx.CreateCompte(ctx, model.Compte{Email: email, Nom: d.nom, Statut: model.CompteActif})
			if err != nil {
				return err
			}
			for _, h := range d.habs {
				h.CompteID = id
				if _, err := tx.AddHabilitation(ctx, h); err != nil {
					return fmt.Errorf("compte de démonstration %s : %w", email, err)
				}
			}
		}
		return nil
	})
	return len(list), err
}
