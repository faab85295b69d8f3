package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// TestRechercheAccentsEtMots: the directory's words are folded (accents,
// case, ligatures), all required in any order, and each may be any part of
// a word, as before the full-text index (migration 0037); the index follows
// a profile's change and the professionals are searched the same way.
func TestRechercheAccentsEtMots(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		national := model.Scope{National: true}
		save := func(c model.Conseiller) int64 {
			t.Helper()
			id, _, err := s.SaveConseiller(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		helene := model.Conseiller{Academie: "16", Nom: "Dupré", Prenom: "Hélène", Email: "h@elec.fr", Employeur: "Électricité Garonne", Departement: "31"}
		heleneID := save(helene)
		save(model.Conseiller{Academie: "16", Nom: "Cœurdevey", Prenom: "Zoé", Email: "z@pain.fr", Employeur: "Boulangerie de l'Étoile", Departement: "81"})
		save(model.Conseiller{Academie: "11", Nom: "Martin", Prenom: "Noël", Email: "n@sud.fr", Employeur: "ÉLECTRICITÉ DU SUD", Departement: "34"})
		cherche := func(q string) []string {
			t.Helper()
			list, n, err := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: national, Q: q})
			if err != nil {
				t.Fatalf("recherche %q : %v", q, err)
			}
			if n != len(list) {
				t.Errorf("recherche %q : total %d pour %d lignes", q, n, len(list))
			}
			var noms []string
			for _, c := range list {
				noms = append(noms, c.Nom)
			}
			return noms
		}
		for q, want := range map[string][]string{
			"electricite":                  {"Dupré", "Martin"},
			"Électricité":                  {"Dupré", "Martin"},
			"ÉLECTRICITÉ GARONNE":          {"Dupré"},
			"garonne electricite":          {"Dupré"}, // any order
			"helene dupre":                 {"Dupré"},
			"hélène   dupré":               {"Dupré"},
			"noel":                         {"Martin"},
			"coeur zoe":                    {"Cœurdevey"},       // œ folded to oe
			"lectri":                       {"Dupré", "Martin"}, // a part of a word
			"l'etoile":                     {"Cœurdevey"},       // « l » shorter than three letters
			"de":                           {"Cœurdevey"},
			"electricite boulangerie":      nil, // every word required
			"electricite du sud":           {"Martin"},
			`electricite" OR "boulangerie`: nil, // no FTS5 syntax from a user
			`elec' | 'boul`:                nil, // nor tsquery syntax
			`a\b`:                          nil,
		} {
			if got := cherche(q); !slices.Equal(got, want) {
				t.Errorf("recherche %q : %v, attendu %v", q, got, want)
			}
		}

		// Within an académie the words are matched by LIKE, not the index
		// (store.motsCherches): the same results.
		for q, want := range map[string]int{"electricite": 1, "ÉLECTRICITÉ garonne": 1, "lectri": 1, "coeur zoe": 1, "sud": 0, "de": 1} {
			if _, n, err := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: "16"}, Q: q}); err != nil || n != want {
				t.Errorf("académie 16, recherche %q : %d, attendu %d (%v)", q, n, want, err)
			}
		}

		// The index follows a change of the profile.
		helene.Employeur = "Plomberie Garonne"
		save(helene)
		if got := cherche("electricite"); !slices.Equal(got, []string{"Martin"}) {
			t.Errorf("après changement d'employeur, « electricite » : %v", got)
		}
		if got := cherche("plomberie"); !slices.Equal(got, []string{"Dupré"}) {
			t.Errorf("après changement d'employeur, « plomberie » : %v", got)
		}

		// The professionals of the wider network.
		consent := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
		if _, err := s.CreateProfessionnel(ctx, model.Professionnel{Academie: "16", ConseillerID: heleneID, Nom: "Bérénice", Prenom: "Aïcha",
			Email: "a@menuiserie.fr", Entreprise: "Menuiserie Lévêque", ConsentLe: &consent}); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int{"leveque menuiserie": 1, "aicha berenice": 1, "nuiser": 1, "leveque plomberie": 0} {
			if _, n, err := s.SearchProfessionnels(ctx, store.ProfessionnelFilter{Scope: national, Q: q}); err != nil || n != want {
				t.Errorf("réseau élargi, recherche %q : %d, attendu %d (%v)", q, n, want, err)
			}
		}

		// The search reads the full-text index itself, kept by the database.
		var query string
		if s.Dialect() == store.Postgres {
			query = `SELECT COUNT(*) FROM conseillers WHERE recherche_suffixes(recherche) @@ CAST('''plomb'':*' AS tsquery)`
		} else {
			query = `SELECT COUNT(*) FROM conseillers_fts WHERE conseillers_fts MATCH '"plomb"'`
		}
		var n int
		if err := s.DB().QueryRowContext(ctx, query).Scan(&n); err != nil || n != 1 {
			t.Errorf("index plein texte : %d ligne(s) pour « plomb », attendu 1 (%v)", n, err)
		}
	})
}
