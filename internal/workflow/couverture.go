package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"cee/internal/match"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// Couverture is the coverage page's figures: the schools reached and never
// reached over the filter's period, and the CEE in mandate at its end,
// grouped by département for the map (issue 19).
type Couverture struct {
	store.Couverture
	CEE     int
	Groupes []GroupeCouverture // by département code
}

// GroupeCouverture is one département's cluster on the coverage map.
type GroupeCouverture struct {
	Departement              string // INSEE code, « 31 »
	Etablissements, Atteints int
	CEE                      int
}

// JamaisAtteints is the number of schools of the group never reached.
func (g GroupeCouverture) JamaisAtteints() int { return g.Etablissements - g.Atteints }

// CalculerCouverture computes the coverage of f and its groups.
func CalculerCouverture(ctx context.Context, s *store.Store, f store.IndicateurFilter) (Couverture, error) {
	var out Couverture
	var err error
	if out.Couverture, err = s.IndicateursCouverture(ctx, f); err != nil {
		return out, err
	}
	cee, err := s.IndicateursCEE(ctx, f)
	if err != nil {
		return out, err
	}
	out.CEE = cee.Total
	// Schools carry « 031 », CEE « 31 » or « 031 »: one key, INSEE's.
	groupes := map[string]*GroupeCouverture{}
	groupe := func(code string) *GroupeCouverture {
		if d, ok := refdata.DepartementByCode(code); ok {
			code = d.Code
		}
		g := groupes[code]
		if g == nil {
			g = &GroupeCouverture{Departement: code}
			groupes[code] = g
		}
		return g
	}
	for _, l := range out.ParDepartement {
		g := groupe(l.Cle)
		g.Etablissements += l.Total
		g.Atteints += l.Atteints
	}
	for _, l := range cee.ParDepartement {
		if l.Cle != "" {
			groupe(l.Cle).CEE += l.N
		}
	}
	for _, g := range groupes {
		out.Groupes = append(out.Groupes, *g)
	}
	slices.SortFunc(out.Groupes, func(a, b GroupeCouverture) int { return strings.Compare(a.Departement, b.Departement) })
	return out, nil
}

// NbSuggestions is how many CEE a never-reached school is offered for a
// first action.
const NbSuggestions = 3

// SuggererCEE ranks the CEE of school e's académie nearest to it among the
// available ones (in mandate, not paused, under their monthly cap, within
// their own distance): the matching of requests (Classer) with the distance
// as its only weight, since a first action has no sector nor date yet.
func SuggererCEE(ctx context.Context, s *store.Store, e model.Etablissement, now time.Time) ([]match.Resultat, error) {
	cands, err := Candidats(ctx, s, e.Academie, now)
	if err != nil {
		return nil, err
	}
	pool, err := match.NewPool(cands)
	if err != nil {
		return nil, err
	}
	p, err := s.GetParametres(ctx, e.Academie)
	if err != nil {
		return nil, err
	}
	d := model.Demande{Academie: e.Academie, Departement: e.Departement, UAI: e.UAI, CodeCommune: e.CodeCommune, Type: model.TypeIntervention}
	poids := match.Poids{Distance: 1, DemiDistanceKm: PoidsOf(p).DemiDistanceKm}
	c, err := pool.Rank(DemandeMatch(d, &e), match.Calendrier{}, poids, match.Options{Type: match.CEE, Limite: NbSuggestions})
	if err != nil {
		return nil, err
	}
	return c.Resultats, nil
}

// LibelleSuggestion names a suggested CEE with their distance: « Marie
// Durand (12 km) ».
func LibelleSuggestion(r match.Resultat) string {
	if r.DistanceKm < 0 {
		return r.Nom + " (distance inconnue)"
	}
	return fmt.Sprintf("%s (%.0f km)", r.Nom, r.DistanceKm)
}

// MaxEquipe bounds the addresses of one invitation of a school's staff.
const MaxEquipe = 10

// InviterEquipe invites the staff of school e (emails, checked by the
// caller, who checked too that the actor may grant the role) with the role
// « établissement » on it, in one transaction, each message naming the CEE
// suggested for a first action (SuggererCEE, computed now). It returns
// those suggestions.
func InviterEquipe(ctx context.Context, s *store.Store, a Actor, baseURL string, e model.Etablissement, emails []string, ttl time.Duration) ([]match.Resultat, error) {
	sugg, err := SuggererCEE(ctx, s, e, time.Now())
	if err != nil {
		return nil, err
	}
	noms := make([]string, len(sugg))
	for i, r := range sugg {
		noms[i] = LibelleSuggestion(r)
	}
	h := model.Habilitation{Role: model.RoleEtablissement, Academie: e.Academie, Ref: e.UAI}
	err = s.InTx(ctx, func(tx *store.Store) error {
		for _, email := range emails {
			if _, err := inviterCompte(ctx, tx, a, baseURL, email, "", h, ttl, noms); err != nil {
				return fmt.Errorf("%s : %w", email, err)
			}
		}
		return nil
	})
	return sugg, err
}

// AdresseModele is the address a pattern gives a school: « {uai} » is
// replaced by its UAI in lower case (the académies' schools' addresses
// follow such a pattern, e.g. ce.0310001a@ac-toulouse.fr). The message says
// what to type when the pattern cannot give an address.
func AdresseModele(modele, uai string) (string, error) {
	modele = strings.TrimSpace(modele)
	if strings.Count(modele, "{uai}") != 1 {
		return "", ErreurHabilitation{Message: "Le modèle d'adresse doit contenir une fois {uai}, par exemple ce.{uai}@ac-votre-academie.fr."}
	}
	email, err := model.NormalizeEmail(strings.Replace(modele, "{uai}", strings.ToLower(uai), 1))
	if err != nil {
		return "", ErreurHabilitation{Message: fmt.Sprintf("Le modèle d'adresse ne donne pas une adresse valable (%s).", err.Error())}
	}
	return email, nil
}

// AInviter are the schools of a département list that no account serves
// yet: those a bulk invitation writes to.
func AInviter(equipes []store.EquipeEtablissement) []store.EquipeEtablissement {
	var out []store.EquipeEtablissement
	for _, e := range equipes {
		if e.Comptes == 0 {
			out = append(out, e)
		}
	}
	return out
}

// InviterDepartement invites every open school of a département of the
// académie that has no account yet, at the address the pattern gives it,
// with the school's role (issue 19 item 7: the schools without
// ProConnect). attendu is the number the person confirmed: when the list
// has changed since, nothing is sent and ErrConflict says so. One
// transaction: all are invited or none. It returns how many were.
func InviterDepartement(ctx context.Context, s *store.Store, a Actor, baseURL, academie, departement, modele string, attendu int, ttl time.Duration) (int, error) {
	equipes, err := s.EquipesDepartement(ctx, academie, departement)
	if err != nil {
		return 0, err
	}
	cibles := AInviter(equipes)
	if len(cibles) != attendu {
		return 0, fmt.Errorf("%w : %d établissement(s) à inviter au lieu des %d confirmés", store.ErrConflict, len(cibles), attendu)
	}
	err = s.InTx(ctx, func(tx *store.Store) error {
		for _, e := range cibles {
			email, err := AdresseModele(modele, e.UAI)
			if err != nil {
				return err
			}
			h := model.Habilitation{Role: model.RoleEtablissement, Academie: academie, Ref: e.UAI}
			if _, err := inviterCompte(ctx, tx, a, baseURL, email, "", h, ttl, nil); err != nil {
				return fmt.Errorf("%s (%s) : %w", e.Nom, email, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(cibles), nil
}
