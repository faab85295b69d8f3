package demo

import (
	"context"
	"fmt"

	"cee/internal/model"
	"cee/internal/store"
)

// DomaineDemo is the e-mail domain of the demonstration accounts: reserved
// (RFC 2606), so no demo message can reach a real person.
const DomaineDemo = "demo.example"

// comptes creates one active account per role in the académie, scoped to
// the first lycée generated for the établissement role, plus one account
// holding two roles to try the role switcher.
func comptes(ctx context.Context, s *store.Store, academie string, etabs []model.Etablissement) (int, error) {
	uai := ""
	for _, e := range etabs {
		if e.Type == model.Lycee && e.VoieProfessionnelle {
			uai = e.UAI
			break
		}
	}
	type demoCompte struct {
		email, nom string
		habs       []model.Habilitation
	}
	list := []demoCompte{
		{"admin", "Aline Administratrice", []model.Habilitation{{Role: model.RoleAdmin}}},
		{"lecteur", "Louis Lecteur", []model.Habilitation{{Role: model.RoleLecteurNational}}},
		{"pilote", "Claire Martin", []model.Habilitation{{Role: model.RolePilote, Academie: academie}}},
		{"organisation", "Olivier Garnier", []model.Habilitation{{Role: model.RoleOrganisation, Academie: academie, Ref: "demo-org-1"}}},
		{"conseiller", "Sophie Bernard", []model.Habilitation{{Role: model.RoleConseiller, Academie: academie, Ref: "demo-cee-1"}}},
		{"professionnel", "Karim Benali", []model.Habilitation{{Role: model.RoleProfessionnel, Academie: academie, Ref: "demo-pro-1"}}},
		{"etablissement", "Nathalie Roux", []model.Habilitation{{Role: model.RoleEtablissement, Academie: academie, Ref: uai}}},
		{"inspecteur", "Marc Lefèvre", []model.Habilitation{{Role: model.RoleInspecteur, Academie: academie}}},
		{"examens", "Isabelle Moreau", []model.Habilitation{{Role: model.RoleExamens, Academie: academie}}},
		{"partenaire", "Julien Petit", []model.Habilitation{{Role: model.RolePartenaire, Academie: academie, Ref: "demo-cmq-1"}}},
		// Inspector and exam division: two roles, neither needing a second
		// factor, for the role switcher.
		{"ien", "Hélène Dupré", []model.Habilitation{{Role: model.RoleInspecteur, Academie: academie}, {Role: model.RoleExamens, Academie: academie}}},
	}
	err := s.InTx(ctx, func(tx *store.Store) error {
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
